package org.nabla.adversarial;

import java.util.Locale;
import org.nabla.autograd.GradMode;
import org.nabla.explain.InputGradient;
import org.nabla.nn.Module;
import org.nabla.nn.functional.F;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * A gradient attack on a classifier of pixels in [0, 1]: FGSM (Goodfellow et al. 2015: one step of ε) or PGD
 * (Madry et al. 2018: {@code steps} steps of {@code stepSize} from a random start in the ball, each projected back
 * onto the ε-ball around the input and onto [0, 1]). Under L∞ a step follows the gradient's sign, under L2 the
 * gradient over its norm (per sample). Untargeted attacks raise the cross-entropy of the true label; targeted
 * ones lower that of the target class.
 */
public record Attack(Method method, Norm norm, double eps, double stepSize, int steps, boolean randomStart) {
    public enum Method { FGSM, PGD }

    public enum Norm { LINF, L2 }

    public Attack {
        if (method == null || norm == null) throw new IllegalArgumentException("Attack: method and norm are required");
        if (!(eps >= 0) || !(stepSize > 0) || steps < 1 || method == Method.FGSM && steps != 1)
            throw new IllegalArgumentException("Attack: eps >= 0, stepSize > 0 and steps >= 1 (1 for FGSM), got " + eps + ", " + stepSize + ", " + steps);
    }

    /** One step of ε. */
    public static Attack fgsm(Norm norm, double eps) { return new Attack(Method.FGSM, norm, eps, Math.max(eps, Double.MIN_NORMAL), 1, false); }

    /** PGD with a random start and steps of 2.5 ε / steps (Madry et al.'s choice). */
    public static Attack pgd(Norm norm, double eps, int steps) {
        return new Attack(Method.PGD, norm, eps, Math.max(2.5 * eps / steps, Double.MIN_NORMAL), steps, true);
    }

    /**
     * Reads "fgsm:EPS", "pgd:EPS" or "pgd:EPS:STEPS" (L∞; PGD 10 steps by default), with "-l2" after the method
     * for the L2 ball ("pgd-l2:1.5"); errors name the text.
     */
    public static Attack parse(String spec) {
        String[] parts = spec.strip().toLowerCase(Locale.ROOT).split(":");
        String usage = "'" + spec + "': expected fgsm:EPS, pgd:EPS or pgd:EPS:STEPS (method fgsm, fgsm-l2, pgd or pgd-l2)";
        if (parts.length < 2 || parts.length > 3) throw new IllegalArgumentException(usage);
        Norm norm = parts[0].endsWith("-l2") ? Norm.L2 : Norm.LINF;
        String method = parts[0].replace("-l2", "");
        double eps;
        int steps;
        try {
            eps = Double.parseDouble(parts[1]);
            steps = parts.length == 3 ? Integer.parseInt(parts[2]) : 10;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(usage);
        }
        if (!(eps > 0) || steps < 1) throw new IllegalArgumentException("'" + spec + "': EPS must be > 0 and STEPS >= 1");
        return switch (method) {
            case "fgsm" -> {
                if (parts.length == 3) throw new IllegalArgumentException("'" + spec + "': FGSM takes one step, no STEPS");
                yield fgsm(norm, eps);
            }
            case "pgd" -> pgd(norm, eps, steps);
            default -> throw new IllegalArgumentException(usage);
        };
    }

    /**
     * Adversarial versions of the pixels x [N, ...] for {@code model} (which takes pixels and gives logits [N,
     * classes]): away from {@code labels}, or towards {@code targets} when not null. The model should be in eval
     * mode; its parameters' gradients are untouched.
     */
    public Tensor perturb(Module model, Tensor x, Tensor labels, Tensor targets, Generator gen) {
        boolean targeted = targets != null;
        Tensor goal = targeted ? targets : labels;
        Tensor clean = x.detach();
        Tensor adv = clean;
        try (var g = GradMode.noGrad()) {
            if (randomStart && eps > 0) adv = project(clean, clean.add(randomDelta(clean, gen)));
        }
        for (int s = 0; s < steps; s++) {
            Tensor grad = InputGradient.of(model, adv, out -> F.crossEntropy(out, goal));
            try (var g = GradMode.noGrad()) {
                Tensor direction = norm == Norm.LINF ? grad.sign() : grad.div(perSampleNorm(grad).add(1e-12));
                adv = project(clean, adv.add(direction.mul(targeted ? -stepSize : stepSize)));
            }
        }
        return adv;
    }

    /** a moved back into the ε-ball around x and into [0, 1]. */
    private Tensor project(Tensor x, Tensor a) {
        Tensor delta = a.sub(x);
        delta = norm == Norm.LINF ? delta.clamp(-eps, eps) : delta.mul(perSampleNorm(delta).reciprocal().mul(eps).clampMax(1));
        return x.add(delta).clamp(0, 1);
    }

    private Tensor randomDelta(Tensor x, Generator gen) {
        if (norm == Norm.LINF) return Tensor.rand(gen, x.shape()).mul(2 * eps).sub(eps);
        Tensor d = Tensor.randn(gen, x.shape());
        Tensor radius = Tensor.rand(gen, perSampleShape(x)).mul(eps);
        return d.div(perSampleNorm(d).add(1e-12)).mul(radius);
    }

    /** The L2 norm of each sample of t [N, ...], shaped [N, 1, ...] to broadcast against t. */
    private static Tensor perSampleNorm(Tensor t) {
        return t.reshape(t.size(0), -1).norm(2, 1, true).reshape(perSampleShape(t));
    }

    private static int[] perSampleShape(Tensor t) {
        int[] s = new int[t.dim()];
        java.util.Arrays.fill(s, 1);
        s[0] = t.size(0);
        return s;
    }

    @Override
    public String toString() {
        String n = norm == Norm.LINF ? "L∞" : "L2";
        return method == Method.FGSM ? String.format(Locale.ROOT, "FGSM (%s, ε = %g)", n, eps)
                : String.format(Locale.ROOT, "PGD (%s, ε = %g, %d steps of %g, random start)", n, eps, steps, stepSize);
    }
}
