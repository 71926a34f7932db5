package org.nabla.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nabla.testing.Fixtures.assertTensor;
import static org.nabla.testing.Fixtures.map;
import static org.nabla.testing.Fixtures.tensor;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nabla.autograd.GradMode;
import org.nabla.io.SafeTensors;
import org.nabla.nn.Conv2d;
import org.nabla.nn.Flatten;
import org.nabla.nn.Linear;
import org.nabla.nn.MaxPool2d;
import org.nabla.nn.Sequential;
import org.nabla.nn.activation.ReLU;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;
import org.nabla.testing.Fixtures;
import org.nabla.testing.Fixtures.Tolerance;

/**
 * Attributions on PyTorch's weights equal PyTorch's (make_explain_fixtures.py: a small CNN, one 3x8x8 input) within
 * 1e-5: vanilla gradient, integrated gradients, guided backpropagation, deconvnet and Grad-CAM.
 */
class ExplainFixtureTest {
    private static final Tolerance WITHIN_1E5 = Tolerance.float32(0, 1e-5);
    private static Map<String, Object> doc;
    private static Sequential model;
    private static Tensor x;
    private static int target;

    @BeforeAll
    static void load() throws URISyntaxException {
        doc = Fixtures.load("/fixtures/explain.json");
        Generator gen = new Generator(0);
        model = new Sequential(Conv2d.builder(3, 4, 3).padding(1).generator(gen).build(), new ReLU(), new MaxPool2d(2),
                Conv2d.builder(4, 6, 3).padding(1).generator(gen).build(), new ReLU(), new Flatten(), new Linear(6 * 4 * 4, 5, true, gen));
        model.loadStateDict(SafeTensors.load(Path.of(ExplainFixtureTest.class.getResource("/fixtures/explain_model.safetensors").toURI())), true);
        model.eval();
        x = tensor(map(doc.get("input")));
        target = ((Number) doc.get("target")).intValue();
    }

    @Test
    void theWeightsGivePytorchsLogits() {
        try (var g = GradMode.noGrad()) {
            assertTensor("logits", model.call(x), map(doc.get("logits")), WITHIN_1E5);
        }
    }

    @Test
    void vanillaGradientEqualsPytorchs() {
        assertTensor("gradient", Saliency.gradient(model, x, target), map(doc.get("gradient")), WITHIN_1E5);
    }

    @Test
    void integratedGradientsEqualPytorchs() {
        int steps = ((Number) doc.get("ig_steps")).intValue();
        assertTensor("integrated gradients", Saliency.integratedGradients(model, x, null, target, steps), map(doc.get("integrated_gradients")), WITHIN_1E5);
    }

    @Test
    void guidedBackpropAndDeconvnetEqualPytorchsSwappedReluRules() {
        assertTensor("guided backprop", Saliency.guidedBackprop(model, x, target), map(doc.get("guided_backprop")), WITHIN_1E5);
        assertTensor("deconvnet", Saliency.deconvnet(model, x, target), map(doc.get("deconvnet")), WITHIN_1E5);
        // the rules are scoped: the plain gradient afterwards is the standard one again
        assertTensor("gradient after", Saliency.gradient(model, x, target), map(doc.get("gradient")), WITHIN_1E5);
    }

    @Test
    void gradCamEqualsPytorchsRawAndUpsampled() {
        GradCam.Map cam = GradCam.of(model, LayerActivations.layer(model, (String) doc.get("gradcam_layer")), x, target);
        assertTensor("Grad-CAM", cam.map(), map(doc.get("gradcam")), WITHIN_1E5);
        assertTensor("Grad-CAM upsampled", cam.upsampled(), map(doc.get("gradcam_upsampled")), WITHIN_1E5);
        assertThat(model.parameters()).allSatisfy(p -> {
            assertThat(p.requiresGrad()).isTrue();
            assertThat(p.grad()).isNull();
        });
    }
}
