package org.nabla.adversarial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nabla.autograd.GradMode;
import org.nabla.nn.Flatten;
import org.nabla.nn.Linear;
import org.nabla.nn.Sequential;
import org.nabla.tensor.DType;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/** FGSM and PGD on a linear classifier, where the worst perturbation in each ball is known in closed form. */
class AttackTest {
    /** Two classes of 1x2x2 images: logit 1 - logit 0 = w · x with w = (2, -1, 0.5, 0). */
    private static Sequential linear() {
        Linear head = new Linear(4, 2, true, new Generator(0));
        try (var g = GradMode.noGrad()) {
            head.namedParameters().get("weight").copyFrom(Tensor.of(new float[] {0, 0, 0, 0, 2, -1, 0.5f, 0}, 2, 4));
            head.namedParameters().get("bias").fill(0);
        }
        return (Sequential) new Sequential(new Flatten(), head).eval();
    }

    private static final Tensor X = Tensor.of(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, 1, 1, 2, 2);

    @Test
    void fgsmInfinityMovesEveryPixelByEpsAlongTheGradientsSign() {
        Tensor adv = Attack.fgsm(Attack.Norm.LINF, 0.1).perturb(linear(), X, Tensor.of(new long[] {0}, 1), null, new Generator(0));
        // raising the loss of class 0 raises logit 1: + eps where w > 0, - eps where w < 0, nothing where w = 0
        assertThat(adv.toFloatArray()).containsExactly(new float[] {0.6f, 0.4f, 0.6f, 0.5f}, org.assertj.core.data.Offset.offset(1e-6f));
    }

    @Test
    void fgsmL2MovesByEpsAlongTheGradient() {
        Tensor adv = Attack.fgsm(Attack.Norm.L2, 0.3).perturb(linear(), X, Tensor.of(new long[] {0}, 1), null, new Generator(0));
        double norm = Math.sqrt(4 + 1 + 0.25);
        float[] v = adv.toFloatArray();
        assertThat(v[0]).isCloseTo((float) (0.5 + 0.3 * 2 / norm), within(1e-5f));
        assertThat(v[1]).isCloseTo((float) (0.5 - 0.3 * 1 / norm), within(1e-5f));
        assertThat(adv.sub(X).norm().item()).isCloseTo(0.3, within(1e-5));
    }

    @Test
    void pgdStaysInTheBallAndInTheImageRangeAndReachesTheBallsBestCorner() {
        Tensor x = Tensor.rand(new Generator(1), 16, 1, 2, 2);
        Tensor y = Tensor.zeros(DType.INT64, 16);
        Tensor linf = Attack.pgd(Attack.Norm.LINF, 0.2, 20).perturb(linear(), x, y, null, new Generator(2));
        assertThat(linf.sub(x).abs().max().item()).isLessThanOrEqualTo(0.2 + 1e-6);
        assertThat(linf.min().item()).isGreaterThanOrEqualTo(0);
        assertThat(linf.max().item()).isLessThanOrEqualTo(1);
        // on a linear model the L-inf optimum is x + eps sign(w) clipped to [0, 1] (the last pixel does not matter)
        Tensor best = x.add(Tensor.of(new float[] {0.2f, -0.2f, 0.2f, 0}, 1, 1, 2, 2)).clamp(0, 1);
        float[] a = linf.toFloatArray(), b = best.toFloatArray();
        for (int i = 0; i < a.length; i++) if (i % 4 != 3) assertThat(a[i]).as("pixel %d", i).isCloseTo(b[i], within(1e-5f));
        Tensor l2 = Attack.pgd(Attack.Norm.L2, 0.5, 20).perturb(linear(), x, y, null, new Generator(2));
        Tensor norms = l2.sub(x).reshape(16, -1).norm(2, 1, false);
        assertThat(norms.max().item()).isLessThanOrEqualTo(0.5 + 1e-5);
    }

    @Test
    void targetedAttackLowersTheTargetsLoss() {
        Tensor y = Tensor.of(new long[] {1}, 1);
        Tensor adv = Attack.fgsm(Attack.Norm.LINF, 0.1).perturb(linear(), X, y, Tensor.of(new long[] {0}, 1), new Generator(0));
        assertThat(adv.toFloatArray()).containsExactly(new float[] {0.4f, 0.6f, 0.4f, 0.5f}, org.assertj.core.data.Offset.offset(1e-6f));
    }

    @Test
    void parsesSpecsAndRefusesBadOnes() {
        assertThat(Attack.parse("pgd:0.1")).isEqualTo(Attack.pgd(Attack.Norm.LINF, 0.1, 10));
        assertThat(Attack.parse("pgd-l2:1.5:20")).isEqualTo(Attack.pgd(Attack.Norm.L2, 1.5, 20));
        assertThat(Attack.parse("FGSM:0.3")).isEqualTo(Attack.fgsm(Attack.Norm.LINF, 0.3));
        assertThat(Attack.parse("pgd:0.1").toString()).isEqualTo("PGD (L∞, ε = 0.100000, 10 steps of 0.0250000, random start)");
        assertThatThrownBy(() -> Attack.parse("pgd")).hasMessageContaining("'pgd': expected fgsm:EPS");
        assertThatThrownBy(() -> Attack.parse("cw:0.1")).hasMessageContaining("'cw:0.1': expected");
        assertThatThrownBy(() -> Attack.parse("pgd:-1")).hasMessage("'pgd:-1': EPS must be > 0 and STEPS >= 1");
        assertThatThrownBy(() -> Attack.parse("fgsm:0.1:3")).hasMessage("'fgsm:0.1:3': FGSM takes one step, no STEPS");
    }
}
