package org.nabla.train.task;

import java.util.Map;
import org.nabla.data.Batch;
import org.nabla.models.generative.Autoencoder;
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
 * Trains an {@link Autoencoder} on pixels in [0, 1]: the reconstruction loss is the binary cross-entropy of the
 * decoder's logits against the clean image, summed over its pixels (a mean over the batch), plus an optional
 * {@link Sparsity} penalty on the code; a {@link Corruption} of the input makes it a denoising autoencoder (the
 * target stays clean). Noise comes from the global generator, which checkpoints carry. The logged loss is the
 * reconstruction's alone, per image.
 */
public final class AutoencoderTask implements Task {
    /**
     * A penalty on the code h [N, k]: {@code L1} adds weight · Σ|h| per image; {@code KL} adds weight · Σ_j KL(ρ ‖ ρ̂_j)
     * with ρ̂_j the batch's mean activation of unit j (the code must lie in (0, 1): a sigmoid code).
     */
    public record Sparsity(Kind kind, double weight, double rho) {
        public enum Kind { NONE, L1, KL }

        public static final Sparsity NONE = new Sparsity(Kind.NONE, 0, 0);

        public Sparsity {
            if (kind != Kind.NONE && !(weight > 0)) throw new IllegalArgumentException("a sparsity penalty needs a weight > 0, got " + weight);
            if (kind == Kind.KL && !(rho > 0 && rho < 1)) throw new IllegalArgumentException("the KL sparsity target ρ must be in (0, 1), got " + rho);
        }

        public static Sparsity l1(double weight) { return new Sparsity(Kind.L1, weight, 0); }

        public static Sparsity kl(double weight, double rho) { return new Sparsity(Kind.KL, weight, rho); }

        /** The penalty for codes h [N, k] (a scalar: a mean over the batch for L1, the batch's KL for KL). */
        public Tensor penalty(Tensor h) {
            return switch (kind) {
                case NONE -> Tensor.zeros(h.dtype());
                case L1 -> h.abs().sum().mul(weight / h.size(0));
                case KL -> {
                    Tensor q = h.mean(0).clamp(1e-6, 1 - 1e-6);
                    Tensor kl = q.rsub(1).reciprocal().mul(1 - rho).log().mul(1 - rho).add(q.reciprocal().mul(rho).log().mul(rho));
                    yield kl.sum().mul(weight);
                }
            };
        }
    }

    private final Autoencoder model;
    private final Optimizer optimizer;
    private final Sparsity sparsity;
    private final Corruption corruption;

    public AutoencoderTask(Autoencoder model, Optimizer optimizer, Sparsity sparsity, Corruption corruption) {
        this.model = model;
        this.optimizer = optimizer;
        this.sparsity = sparsity;
        this.corruption = corruption;
    }

    public Autoencoder model() { return model; }

    public Corruption corruption() { return corruption; }

    public Sparsity sparsity() { return sparsity; }

    @Override public Map<String, Module> models() { return Map.of("model", model); }

    @Override public Map<String, Optimizer> optimizers() { return Map.of("optimizer", optimizer); }

    /** The summed binary cross-entropy of the reconstruction's logits against the clean pixels. */
    static Tensor reconstructionLoss(Tensor logits, Tensor x) {
        return F.binaryCrossEntropyWithLogits(logits, x, null, null, Reduction.SUM);
    }

    @Override
    public StepResult trainStep(Batch batch, StepContext ctx) {
        Tensor x = batch.x();
        int n = x.size(0);
        optimizer.zeroGrad();
        Tensor code = model.encode(corruption.apply(x, Generator.global()));
        Tensor reconstruction = reconstructionLoss(model.decode(code), x);
        Tensor penalty = sparsity.penalty(code);
        Tensor loss = reconstruction.div(n).add(penalty);
        ctx.checkLoss(loss.item(), model, null);
        loss.backward();
        ctx.transformGradients(model.namedParameters());
        optimizer.step();
        if (sparsity.kind() != Sparsity.Kind.NONE) ctx.log("sparsity_penalty", penalty.item());
        return StepResult.of(reconstruction.item(), n, n);
    }

    @Override
    public StepResult evalStep(Batch batch) {
        Tensor x = batch.x();
        Tensor reconstruction = reconstructionLoss(model.call(corruption.apply(x, Generator.global())), x);
        return StepResult.of(reconstruction.item(), x.size(0), x.size(0));
    }
}
