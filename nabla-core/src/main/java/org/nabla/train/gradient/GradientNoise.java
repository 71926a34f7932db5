package org.nabla.train.gradient;

import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * Adds annealed Gaussian noise to every gradient (Neelakantan et al., 2015, "Adding gradient noise improves learning
 * for very deep networks"): g += N(0, sigma_t^2) with sigma_t^2 = eta / (1 + t)^gamma at step t (0 for the first
 * step). The paper uses eta in {0.01, 0.3, 1} and gamma = 0.55. The noise of step t is drawn from a generator seeded
 * with (seed, t), so it does not depend on earlier steps and a resumed run draws the same noise.
 */
public final class GradientNoise implements GradientTransform {
    /** The log key of the step's standard deviation. */
    public static final String LOG_KEY = "grad_noise_std";
    private final double eta, gamma;
    private final long seed;

    public GradientNoise(double eta, double gamma, long seed) {
        if (!(eta >= 0) || Double.isInfinite(eta)) throw new IllegalArgumentException("GradientNoise: eta must be a non-negative number, got " + eta);
        if (!(gamma >= 0) || Double.isInfinite(gamma)) throw new IllegalArgumentException("GradientNoise: gamma must be a non-negative number, got " + gamma);
        this.eta = eta;
        this.gamma = gamma;
        this.seed = seed;
    }

    /** The paper's decay, gamma = 0.55. */
    public GradientNoise(double eta, long seed) { this(eta, 0.55, seed); }

    /** The standard deviation at 0-based step {@code t}. */
    public double sigma(long t) { return Math.sqrt(eta / Math.pow(1 + t, gamma)); }

    @Override
    public void apply(GradientContext g) {
        long t = g.step() - 1;
        double sigma = sigma(t);
        g.log(LOG_KEY, sigma);
        Generator gen = new Generator(seed ^ (t * 0x9E3779B97F4A7C15L)); // one stream per step: resumable without state
        for (Tensor grad : g.gradients()) grad.addInPlace(Tensor.randn(gen, grad.shape()).to(grad.dtype()), sigma);
    }

    @Override public String toString() { return "GradientNoise(eta=" + eta + ", gamma=" + gamma + ")"; }
}
