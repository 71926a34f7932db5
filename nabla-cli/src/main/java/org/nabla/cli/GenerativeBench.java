package org.nabla.cli;

import java.util.Map;
import org.nabla.data.Batch;
import org.nabla.models.generative.Gans;
import org.nabla.models.generative.Vae;
import org.nabla.nn.Module;
import org.nabla.optim.Adam;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;
import org.nabla.train.StepContext;
import org.nabla.train.gradient.GradientChain;
import org.nabla.train.task.GanTask;
import org.nabla.train.task.VaeTask;

/**
 * The generative workloads of {@code nabla bench}, as {@code ref_bench.py vae} and {@code dcgan} build them: one
 * training step each, through the same tasks {@code nabla train} runs.
 */
final class GenerativeBench {
    private GenerativeBench() {}

    /** A timed step: its name, batch, the models it trains, the reference's optimiser label, the step itself. */
    record Step(String name, int batch, Module[] models, String optimizer, Runnable step, Map<String, Object> extra) {
        long params() {
            long n = 0;
            for (Module m : models) n += m.parameters().stream().mapToLong(Tensor::numel).sum();
            return n;
        }
    }

    /** PyTorch's examples/vae (784-400-20) on a batch of 128 uniform "images", Adam 1e-3, summed BCE + KL. */
    static Step vae() {
        Generator gen = new Generator(0);
        Vae vae = new Vae(new int[] {784}, 400, 20, gen);
        VaeTask task = new VaeTask(vae, new Adam(vae.parameters(), Adam.Options.defaults().withLr(1e-3)), VaeTask.Decoder.BERNOULLI, 1);
        Batch batch = new Batch(java.util.List.of(Tensor.rand(gen, 128, 784)), java.util.List.of());
        StepContext ctx = context();
        vae.train();
        return new Step("vae_train", 128, new Module[] {vae}, "Adam(lr=1e-3)", () -> task.trainStep(batch, ctx), Map.of("layers", "784-400-20"));
    }

    /** One DCGAN step on 28x28, batch 64: the discriminator on a real and a fake batch, then the generator (Adam 2e-4, β1 0.5, each). */
    static Step dcgan() {
        Generator gen = new Generator(0);
        Gans.Players p = Gans.dcgan(new int[] {1, 28, 28}, 100, 0, true, gen);
        Adam.Options o = Adam.Options.defaults().withLr(2e-4).withBetas(0.5, 0.999);
        GanTask task = new GanTask(p, new Adam(p.generator().parameters(), o), new Adam(p.critic().parameters(), o), GanTask.Objective.NON_SATURATING, 1, 0);
        Batch batch = new Batch(java.util.List.of(Tensor.rand(gen, 64, 1, 28, 28)), java.util.List.of());
        StepContext ctx = context();
        p.generator().train();
        p.critic().train();
        return new Step("dcgan_train", 64, new Module[] {p.generator(), p.critic()}, "Adam(lr=2e-4,betas=(0.5,0.999)) x2", () -> task.trainStep(batch, ctx), Map.of());
    }

    private static StepContext context() {
        StepContext ctx = new StepContext(new GradientChain());
        ctx.begin(1, 1, 1);
        return ctx;
    }
}
