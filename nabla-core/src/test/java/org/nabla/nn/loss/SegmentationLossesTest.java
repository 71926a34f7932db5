package org.nabla.nn.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nabla.nn.functional.F;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;
import org.nabla.testing.Fixtures;

/** Dice and softmax focal losses against PyTorch formulas (make_segmentation_fixtures.py): values and input gradients. */
class SegmentationLossesTest {
    static final Map<String, Object> FIXTURES = Fixtures.load("/fixtures/segmentation.json");

    @Test
    void diceAndFocalMatchPyTorchInValueAndGradient() {
        Fixtures.cases(FIXTURES, "losses").forEach(c -> {
            Tensor target = Fixtures.tensor(Fixtures.map(c.get("target")));
            double smooth = ((Number) c.get("smooth")).doubleValue(), gamma = ((Number) c.get("gamma")).doubleValue();
            Tensor alpha = c.get("alpha") == null ? null : Fixtures.tensor(Fixtures.map(c.get("alpha")));

            Tensor x = Fixtures.tensor(Fixtures.map(c.get("input"))).requiresGrad(true);
            Tensor dice = new DiceLoss(smooth).call(x, target);
            assertThat(dice.item()).isCloseTo(((Number) c.get("dice")).doubleValue(), within(1e-5));
            dice.backward();
            Fixtures.assertTensor("dice gradient", x.grad(), Fixtures.map(c.get("dice_grad")), Fixtures.Tolerance.float32(1e-4, 1e-6));

            Tensor x2 = Fixtures.tensor(Fixtures.map(c.get("input"))).requiresGrad(true);
            Tensor focal = new SoftmaxFocalLoss(alpha, gamma, Reduction.MEAN).call(x2, target);
            assertThat(focal.item()).isCloseTo(((Number) c.get("focal")).doubleValue(), within(1e-5));
            focal.backward();
            Fixtures.assertTensor("focal gradient", x2.grad(), Fixtures.map(c.get("focal_grad")), Fixtures.Tolerance.float32(1e-4, 1e-6));
        });
    }

    @Test
    void focalWithoutFocusingOrWeightsIsTheCrossEntropy() {
        Tensor x = Tensor.randn(new Generator(3), 2, 4, 3, 3);
        Tensor t = Tensor.randint(new Generator(4), 0, 4, 2, 3, 3);
        assertThat(F.softmaxFocalLoss(x, t, null, 0, Reduction.MEAN).item()).isCloseTo(F.crossEntropy(x, t).item(), within(1e-6));
    }

    @Test
    void refusesTargetsThatAreNotClassMapsOfTheScores() {
        Tensor x = Tensor.zeros(2, 3, 4, 4);
        assertThatThrownBy(() -> new DiceLoss().call(x, Tensor.zeros(2, 4, 4))).hasMessageContaining("int64 classes [N, d...]");
        assertThatThrownBy(() -> new SoftmaxFocalLoss().call(x, Tensor.randint(new Generator(1), 0, 3, 2, 4, 5))).hasMessageContaining("[2, 3, 4, 4]");
        assertThat(Losses.REGISTRY.get("dice").targets()).isEqualTo(Losses.Targets.CLASSES);
        assertThat(Losses.REGISTRY.get("focal").make().get()).isInstanceOf(SoftmaxFocalLoss.class);
    }
}
