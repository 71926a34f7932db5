package org.nabla.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nabla.models.generative.Autoencoder;
import org.nabla.models.generative.Gans;
import org.nabla.models.generative.Vae;
import org.nabla.nn.Module;
import org.nabla.optim.Adam;
import org.nabla.optim.Optimizer;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;
import org.nabla.train.Task;
import org.nabla.train.task.AutoencoderTask;
import org.nabla.train.task.GanTask;
import org.nabla.train.task.VaeTask;

/** Builds a generative run's models and task from its {@link GenerativeConfig}, for training and for {@code nabla sample}. */
final class GenerativeModels {
    private GenerativeModels() {}

    /** The task training the model(s) of {@code c} for samples of {@code shape} in {@code classes} classes. */
    static Task task(GenerativeConfig c, int[] shape, int classes, Generator gen) {
        if (c.autoencoder()) {
            Autoencoder ae = c.model().equals("conv-ae") ? Autoencoder.conv(shape, c.codeSize(), c.sigmoidCode(), gen)
                    : Autoencoder.mlp(shape, c.hidden(), c.codeSize(), c.sigmoidCode(), gen);
            return new AutoencoderTask(ae, adam(ae, c), c.sparsityPenalty(), c.corruption());
        }
        if (c.vae()) {
            Vae vae = new Vae(shape, c.hidden(), c.codeSize(), gen);
            return new VaeTask(vae, adam(vae, c), c.vaeDecoder(), c.beta());
        }
        Gans.Players p = players(c, shape, classes, gen);
        GanTask.Objective objective = c.model().equals("wgan-gp") ? GanTask.Objective.WASSERSTEIN_GP : GanTask.Objective.NON_SATURATING;
        return new GanTask(p, adam(p.generator(), c), adam(p.critic(), c), objective, c.criticSteps(), 10);
    }

    static Gans.Players players(GenerativeConfig c, int[] shape, int classes, Generator gen) {
        return switch (c.model()) {
            case "gan" -> Gans.mlp(shape, c.codeSize(), 0, gen);
            case "dcgan" -> Gans.dcgan(shape, c.codeSize(), 0, true, gen);
            case "cgan" -> Gans.dcgan(shape, c.codeSize(), classes, true, gen);
            case "wgan-gp" -> Gans.dcgan(shape, c.codeSize(), 0, false, gen);
            default -> throw new IllegalArgumentException(c.model() + " is not a GAN");
        };
    }

    private static Optimizer adam(Module m, GenerativeConfig c) {
        return new Adam(m.parameters(), Adam.Options.defaults().withLr(c.lr()).withBetas(c.beta1(), c.beta2()));
    }

    /** The weights of {@code name} in a checkpoint's state: all of it for a one-model task, else those under "name.". */
    static Map<String, Tensor> part(Map<String, Tensor> state, String name, boolean several) {
        if (!several) return state;
        Map<String, Tensor> out = new LinkedHashMap<>();
        state.forEach((k, t) -> {
            if (k.startsWith(name + ".")) out.put(k.substring(name.length() + 1), t);
        });
        return out;
    }
}
