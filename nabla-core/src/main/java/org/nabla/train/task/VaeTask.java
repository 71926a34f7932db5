package org.nabla.train.task;

import java.util.Map;
import org.nabla.data.Batch;
import org.nabla.models.generative.Vae;
import org.nabla.nn.Module;
import org.nabla.nn.functional.F;
import org.nabla.nn.loss.Reduction;
import org.nabla.optim.Optimizer;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;
import org.nabla.train.StepContext;
import org.nabla.train.StepResult;
import org.nabla.train.Task;

/**
 * Trains a {@link Vae} by the negative ELBO, as PyTorch's examples/vae does: the reconstruction term summed over the
 * batch's pixels plus β times the analytic KL(q(z|x) ‖ N(0, I)) = -½ Σ (1 + log σ² - μ² - σ²), backpropagated as a
 * sum (the example's scale, which Adam's step nearly ignores). The reconstruction term is the binary cross-entropy
 * of a Bernoulli decoder, or ½ Σ (x - x̂)² for a Gaussian decoder of unit variance (x̂ = sigmoid of the logits).
 * Evaluation samples z like the example's, so its test loss compares directly: (reconstruction + β KL) per image.
 */
public final class VaeTask implements Task {
    /** The decoder's likelihood p(x | z). */
    public enum Decoder { BERNOULLI, GAUSSIAN }

    /** One batch's terms, summed over its images. */
    public record Terms(Tensor reconstruction, Tensor kl) {
        public Tensor loss(double beta) { return beta == 1 ? reconstruction.add(kl) : reconstruction.add(kl.mul(beta)); }
    }

    private final Vae model;
    private final Optimizer optimizer;
    private final Decoder decoder;
    private final double beta;

    public VaeTask(Vae model, Optimizer optimizer, Decoder decoder, double beta) {
        if (!(beta >= 0)) throw new IllegalArgumentException("the KL weight beta must be >= 0, got " + beta);
        this.model = model;
        this.optimizer = optimizer;
        this.decoder = decoder;
        this.beta = beta;
    }

    public Vae model() { return model; }

    public double beta() { return beta; }

    public Decoder decoder() { return decoder; }

    @Override public Map<String, Module> models() { return Map.of("model", model); }

    @Override public Map<String, Optimizer> optimizers() { return Map.of("optimizer", optimizer); }

    /** The reconstruction and KL terms of images x [N, ...] in [0, 1], z drawn from {@code gen}. */
    public Terms terms(Tensor x, Generator gen) {
        Vae.Output out = model.call(x, gen);
        Tensor reconstruction = switch (decoder) {
            case BERNOULLI -> F.binaryCrossEntropyWithLogits(out.logits(), x, null, null, Reduction.SUM);
            case GAUSSIAN -> out.logits().sigmoid().sub(x).square().sum().mul(0.5);
        };
        return new Terms(reconstruction, kl(out.mu(), out.logvar()));
    }

    /** KL(N(μ, σ²) ‖ N(0, I)) summed over the batch: -½ Σ (1 + log σ² - μ² - σ²). */
    public static Tensor kl(Tensor mu, Tensor logvar) {
        return logvar.add(1).sub(mu.square()).sub(logvar.exp()).sum().mul(-0.5);
    }

    @Override
    public StepResult trainStep(Batch batch, StepContext ctx) {
        Tensor x = batch.x();
        optimizer.zeroGrad();
        Terms t = terms(x, Generator.global());
        Tensor loss = t.loss(beta);
        ctx.checkLoss(loss.item(), model, null);
        loss.backward();
        ctx.transformGradients(model.namedParameters());
        optimizer.step();
        ctx.log("kl", t.kl().item() / x.size(0));
        return StepResult.of(loss.item(), x.size(0), x.size(0));
    }

    @Override
    public StepResult evalStep(Batch batch) {
        Tensor x = batch.x();
        return StepResult.of(terms(x, Generator.global()).loss(beta).item(), x.size(0), x.size(0));
    }
}
