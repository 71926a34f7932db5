package org.nabla.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nabla.data.Mnist;
import org.nabla.train.task.AutoencoderTask;
import org.nabla.train.task.Corruption;
import org.nabla.train.task.VaeTask;

/**
 * A generative run's configuration: the model kind, the data and optimisation, and the model's own sizes and terms.
 * Saved in config.json and every checkpoint, from which {@code nabla sample} rebuilds the model.
 */
record GenerativeConfig(String model, String dataset, int epochs, int batchSize, double lr, double beta1, double beta2, long seed, int threads,
                        int trainLimit, int testLimit, int codeSize, int hidden, double beta, String decoder, String noise, String sparsity,
                        int criticSteps) {
    /** The generative models of {@code nabla train}, with what each is. */
    static final Map<String, String> MODELS = models();

    private static Map<String, String> models() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("ae", "undercomplete MLP autoencoder (code 32)");
        m.put("sparse-ae", "sparse autoencoder: sigmoid code of 64, KL sparsity penalty (or --sparsity l1:W)");
        m.put("denoising-ae", "denoising autoencoder: Gaussian noise sigma 0.5 (or --noise masking:P)");
        m.put("conv-ae", "convolutional autoencoder: strided convolutions, transposed-convolution decoder");
        m.put("vae", "variational autoencoder, PyTorch's MNIST example: 784-400-20, Bernoulli decoder");
        m.put("gan", "the original MLP GAN, non-saturating generator loss");
        m.put("dcgan", "DCGAN for 28x28 (the paper's init, Adam beta1 0.5)");
        m.put("cgan", "conditional DCGAN: the class embedded into both players");
        m.put("wgan-gp", "Wasserstein GAN with gradient penalty (DCGAN players, no batch norm in the critic)");
        return m;
    }

    static boolean isGenerative(String model) { return model != null && MODELS.containsKey(model); }

    boolean autoencoder() { return model.endsWith("ae") && !model.equals("vae"); }

    boolean vae() { return model.equals("vae"); }

    boolean gan() { return !autoencoder() && !vae(); }

    boolean conditional() { return model.equals("cgan"); }

    /** The options given, the model's recipe for the others; mistakes are one-line errors naming the option. */
    static GenerativeConfig resolve(String model, TrainOptions o, boolean datasetGiven, GenerativeOptions g) {
        String data = datasetGiven ? o.dataset : Mnist.MNIST;
        if (!List.of(Mnist.MNIST, Mnist.FASHION).contains(data))
            throw new UsageError("--dataset " + data + ": " + model + " trains on mnist or fashion-mnist");
        refuse(model, o);
        boolean gan = !(model.endsWith("ae") && !model.equals("vae")) && !model.equals("vae");
        int epochs = positive("--epochs", o.epochs, gan ? 5 : 10);
        int batch = positive("--batch-size", o.batchSize, gan ? 64 : 128);
        double lr = o.lr != null ? o.lr : model.equals("wgan-gp") ? 1e-4 : gan ? 2e-4 : 1e-3;
        if (!(lr > 0)) throw new UsageError("--lr must be positive, got " + lr);
        double beta1 = model.equals("wgan-gp") ? 0 : gan ? 0.5 : 0.9, beta2 = model.equals("wgan-gp") ? 0.9 : 0.999;
        boolean ae = model.endsWith("ae") && !model.equals("vae");
        int code = positive("--code-size", g.codeSize, model.equals("sparse-ae") ? 64 : 32);
        int latent = positive("--latent", g.latent, model.equals("vae") ? 20 : 100);
        int hidden = positive("--hidden", g.hidden, model.equals("vae") ? 400 : 256);
        only(model, "--code-size", g.codeSize, ae);
        only(model, "--latent", g.latent, !ae);
        only(model, "--hidden", g.hidden, model.equals("vae") || List.of("ae", "sparse-ae", "denoising-ae").contains(model));
        only(model, "--beta", g.beta, model.equals("vae"));
        only(model, "--decoder", g.decoder, model.equals("vae"));
        only(model, "--noise", g.noise, ae);
        only(model, "--sparsity", g.sparsity, ae);
        only(model, "--critic-steps", g.criticSteps, model.equals("wgan-gp"));
        double beta = g.beta != null ? g.beta : 1;
        if (!(beta >= 0)) throw new UsageError("--beta must be >= 0, got " + beta);
        String decoder = g.decoder != null ? g.decoder.toLowerCase(Locale.ROOT) : "bernoulli";
        if (!List.of("bernoulli", "gaussian").contains(decoder)) throw new UsageError("--decoder " + g.decoder + ": bernoulli or gaussian");
        String noise = g.noise != null ? g.noise : model.equals("denoising-ae") ? "gaussian:0.5" : "none";
        String sparsity = g.sparsity != null ? g.sparsity : model.equals("sparse-ae") ? "kl:0.05:1" : "none";
        int critic = positive("--critic-steps", g.criticSteps, model.equals("wgan-gp") ? 5 : 1);
        GenerativeConfig c = new GenerativeConfig(model, data, epochs, batch, lr, beta1, beta2, o.seed, o.threads(), limit("--train-limit", o.trainLimit),
                limit("--test-limit", o.testLimit), ae ? code : latent, hidden, beta, decoder, noise, sparsity, critic);
        c.corruption(); // parse errors now, before anything is written
        c.sparsityPenalty();
        return c;
    }

    /** The options of the classifiers that a generative model has no use for. */
    private static void refuse(String model, TrainOptions o) {
        Object[] pairs = {"--loss", o.loss, "--optimizer", o.optimizer, "--schedule", o.schedule, "--momentum", o.momentum, "--weight-decay", o.weightDecay,
                "--augment", o.augment, "--val-split", o.valSplit, "--early-stopping", o.earlyStopping, "--normalize", o.normalize, "--target", o.target,
                "--init-from", o.initFrom, "--freeze", o.freeze, "--bptt", o.bptt, "--snapshots", o.snapshots, "--aux-task", o.auxTask,
                "--classes", o.classes, "--per-class", o.perClass, "--clip-grad", o.clipGrad, "--new-head", o.newHead, "--lr-for", o.lrFor,
                "--task-weights", o.taskWeights, "--unfreeze-after", o.unfreezeAfter};
        for (int i = 0; i < pairs.length; i += 2)
            if (pairs[i + 1] != null && !(pairs[i + 1] instanceof List<?> l && l.isEmpty()))
                throw new UsageError(pairs[i] + " does not apply to " + model + " (Adam on pixels in [0, 1]; see nabla train --help)");
    }

    private static void only(String model, String option, Object value, boolean applies) {
        if (value != null && !applies) throw new UsageError(option + " does not apply to " + model);
    }

    private static int positive(String option, Integer value, int fallback) {
        int v = value != null ? value : fallback;
        if (v < 1) throw new UsageError(option + " must be at least 1, got " + v);
        return v;
    }

    private static int limit(String option, Integer value) {
        if (value == null) return 0;
        if (value < 1) throw new UsageError(option + " must be at least 1, got " + value);
        return value;
    }

    /** The input corruption of an autoencoder (none unless --noise or denoising-ae). */
    Corruption corruption() {
        if (noise.equals("none")) return Corruption.NONE;
        String[] p = noise.split(":");
        try {
            if (p.length == 2 && p[0].equals("gaussian")) return Corruption.gaussian(Double.parseDouble(p[1]));
            if (p.length == 2 && p[0].equals("masking")) return Corruption.masking(Double.parseDouble(p[1]));
        } catch (NumberFormatException e) {
            throw new UsageError("--noise " + noise + ": " + p[1] + " is not a number");
        } catch (IllegalArgumentException e) {
            throw new UsageError("--noise " + noise + ": " + e.getMessage());
        }
        throw new UsageError("--noise " + noise + ": give gaussian:SIGMA or masking:P");
    }

    /** The sparsity penalty of an autoencoder (none unless --sparsity or sparse-ae). */
    AutoencoderTask.Sparsity sparsityPenalty() {
        if (sparsity.equals("none")) return AutoencoderTask.Sparsity.NONE;
        String[] p = sparsity.split(":");
        try {
            if (p.length == 2 && p[0].equals("l1")) return AutoencoderTask.Sparsity.l1(Double.parseDouble(p[1]));
            if (p.length == 3 && p[0].equals("kl")) return AutoencoderTask.Sparsity.kl(Double.parseDouble(p[2]), Double.parseDouble(p[1]));
        } catch (NumberFormatException e) {
            throw new UsageError("--sparsity " + sparsity + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new UsageError("--sparsity " + sparsity + ": " + e.getMessage());
        }
        throw new UsageError("--sparsity " + sparsity + ": give l1:WEIGHT or kl:RHO:WEIGHT");
    }

    /** Whether the KL sparsity penalty needs a code in (0, 1): a sigmoid code. */
    boolean sigmoidCode() { return sparsityPenalty().kind() == AutoencoderTask.Sparsity.Kind.KL; }

    VaeTask.Decoder vaeDecoder() { return decoder.equals("gaussian") ? VaeTask.Decoder.GAUSSIAN : VaeTask.Decoder.BERNOULLI; }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("dataset", dataset);
        m.put("epochs", epochs);
        m.put("batch_size", batchSize);
        m.put("optimizer", "adam");
        m.put("lr", lr);
        m.put("betas", List.of(beta1, beta2));
        m.put("seed", seed);
        m.put("threads", threads);
        m.put("train_limit", trainLimit);
        m.put("test_limit", testLimit);
        m.put(autoencoder() ? "code_size" : "latent", codeSize);
        m.put("hidden", hidden);
        m.put("beta", beta);
        m.put("decoder", decoder);
        m.put("noise", noise);
        m.put("sparsity", sparsity);
        m.put("critic_steps", criticSteps);
        return m;
    }

    static GenerativeConfig fromJson(Map<?, ?> m) {
        List<?> betas = (List<?>) m.get("betas");
        String model = (String) m.get("model");
        Object size = m.containsKey("code_size") ? m.get("code_size") : m.get("latent");
        return new GenerativeConfig(model, (String) m.get("dataset"), num(m.get("epochs")).intValue(), num(m.get("batch_size")).intValue(),
                num(m.get("lr")).doubleValue(), num(betas.get(0)).doubleValue(), num(betas.get(1)).doubleValue(), num(m.get("seed")).longValue(),
                num(m.get("threads")).intValue(), num(m.get("train_limit")).intValue(), num(m.get("test_limit")).intValue(), num(size).intValue(),
                num(m.get("hidden")).intValue(), num(m.get("beta")).doubleValue(), (String) m.get("decoder"), (String) m.get("noise"),
                (String) m.get("sparsity"), num(m.get("critic_steps")).intValue());
    }

    private static Number num(Object o) { return (Number) o; }
}
