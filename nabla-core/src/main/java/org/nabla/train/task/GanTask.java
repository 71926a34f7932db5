package org.nabla.train.task;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.nabla.autograd.Engine;
import org.nabla.autograd.GradMode;
import org.nabla.data.Batch;
import org.nabla.models.generative.Gans;
import org.nabla.models.generative.ImageCritic;
import org.nabla.models.generative.ImageGenerator;
import org.nabla.nn.Module;
import org.nabla.nn.Parameter;
import org.nabla.nn.functional.F;
import org.nabla.optim.Optimizer;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;
import org.nabla.train.StepContext;
import org.nabla.train.StepResult;
import org.nabla.train.Task;

/**
 * Trains a GAN's two players on real images with pixels in [0, 1] (shown to the players in [-1, 1]). Each step
 * updates the critic once, then the generator (with {@link Objective#WASSERSTEIN_GP}, every {@code criticSteps}
 * steps). A conditional generator draws each fake for the class of a real image in the batch, so the classes come
 * in the data's proportions. Noise comes from the global generator, which checkpoints carry. The logged loss is the
 * critic's; {@code g_loss} is logged beside it.
 */
public final class GanTask implements Task {
    /**
     * {@code NON_SATURATING}: the discriminator minimises the binary cross-entropy of real against fake, the
     * generator maximises log D(G(z)) (Goodfellow et al.'s non-saturating loss). {@code WASSERSTEIN_GP}: the critic
     * minimises E[D(fake)] - E[D(real)] + λ·E[(‖∇D(x̂)‖ - 1)²] on random interpolates x̂ (Gulrajani et al.), the
     * generator minimises -E[D(G(z))].
     */
    public enum Objective { NON_SATURATING, WASSERSTEIN_GP }

    private final ImageGenerator generator;
    private final ImageCritic critic;
    private final Optimizer gOpt, dOpt;
    private final Objective objective;
    private final int criticSteps;
    private final double penaltyWeight;

    public GanTask(Gans.Players players, Optimizer gOpt, Optimizer dOpt, Objective objective, int criticSteps, double penaltyWeight) {
        if (criticSteps < 1) throw new IllegalArgumentException("criticSteps must be at least 1, got " + criticSteps);
        this.generator = players.generator();
        this.critic = players.critic();
        this.gOpt = gOpt;
        this.dOpt = dOpt;
        this.objective = objective;
        this.criticSteps = criticSteps;
        this.penaltyWeight = penaltyWeight;
    }

    public ImageGenerator generator() { return generator; }

    public ImageCritic critic() { return critic; }

    @Override
    public Map<String, Module> models() {
        Map<String, Module> m = new LinkedHashMap<>();
        m.put("generator", generator);
        m.put("discriminator", critic);
        return m;
    }

    @Override
    public Map<String, Optimizer> optimizers() {
        Map<String, Optimizer> m = new LinkedHashMap<>();
        m.put("generator", gOpt);
        m.put("discriminator", dOpt);
        return m;
    }

    @Override
    public StepResult trainStep(Batch batch, StepContext ctx) {
        Tensor real = Gans.fromUnit(batch.x());
        int n = real.size(0);
        Tensor labels = generator.classes() > 0 ? batch.y() : null;
        Tensor fake = generator.generate(generator.noise(n, Generator.global()), labels);

        dOpt.zeroGrad();
        Tensor dLoss = switch (objective) {
            case NON_SATURATING -> bce(critic.score(real, labels), 1).add(bce(critic.score(fake.detach(), labels), 0));
            case WASSERSTEIN_GP -> critic.score(fake.detach(), labels).mean().sub(critic.score(real, labels).mean())
                    .add(gradientPenalty(x -> critic.score(x, labels), real, fake.detach(), Generator.global()).mul(penaltyWeight));
        };
        ctx.checkLoss(dLoss.item(), critic, null);
        dLoss.backward();
        ctx.transformGradients(prefixed("discriminator", critic));
        dOpt.step();

        if (ctx.step() % criticSteps == 0) {
            gOpt.zeroGrad();
            Tensor score = critic.score(fake, labels);
            Tensor gLoss = objective == Objective.NON_SATURATING ? bce(score, 1) : score.mean().neg();
            ctx.checkLoss(gLoss.item(), generator, null);
            gLoss.backward();
            ctx.transformGradients(prefixed("generator", generator));
            gOpt.step();
            ctx.log("g_loss", gLoss.item());
        }
        return StepResult.of(dLoss.item() * n, n, n);
    }

    /** The mean binary cross-entropy of logits against a constant label. */
    private static Tensor bce(Tensor logits, double label) {
        return F.binaryCrossEntropyWithLogits(logits, Tensor.fullLike(logits, label));
    }

    /**
     * WGAN-GP's penalty E[(‖∇ₓD(x̂)‖₂ - 1)²] at x̂ = ε·real + (1 - ε)·fake, ε ~ U(0, 1) per sample: the gradient
     * is taken with {@code createGraph}, so the penalty's own gradient runs a second backward through the critic.
     */
    public static Tensor gradientPenalty(UnaryOperator<Tensor> critic, Tensor real, Tensor fake, Generator gen) {
        int n = real.size(0);
        int[] epsShape = new int[real.dim()];
        java.util.Arrays.fill(epsShape, 1);
        epsShape[0] = n;
        Tensor eps = Tensor.rand(gen, epsShape).to(real.dtype());
        Tensor mixed = real.mul(eps).add(fake.mul(eps.rsub(1))).detach().requiresGrad(true);
        try (var scope = GradMode.enableGrad()) { // the gradient at x̂ is needed even where the caller computes without grad
            Tensor score = critic.apply(mixed);
            Tensor grad = Engine.grad(score.sum(), null, new Tensor[] {mixed}, true, true)[0];
            Tensor norm = grad.reshape(n, -1).square().sum(1).add(1e-12).sqrt();
            return norm.sub(1).square().mean();
        }
    }

    private static Map<String, Parameter> prefixed(String prefix, Module m) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        m.namedParameters().forEach((k, p) -> out.put(prefix + "." + k, p));
        return out;
    }
}
