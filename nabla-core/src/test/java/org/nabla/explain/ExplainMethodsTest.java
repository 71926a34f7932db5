package org.nabla.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nabla.autograd.GradMode;
import org.nabla.nn.Conv2d;
import org.nabla.nn.Flatten;
import org.nabla.nn.Linear;
import org.nabla.nn.Module;
import org.nabla.nn.Sequential;
import org.nabla.nn.activation.ReLU;
import org.nabla.nn.functional.F;
import org.nabla.nn.functional.ReluGradient;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/** The attribution and visualisation methods on small models whose answers are known. */
class ExplainMethodsTest {
    /** Exact, but -0 equals 0. */
    private static final org.assertj.core.data.Offset<Float> ZERO = org.assertj.core.data.Offset.offset(0f);

    /** A linear classifier of 1x4x4 images whose class 1 reads only pixel (1, 2), with weight 3. */
    private static Sequential onePixelModel() {
        Linear head = new Linear(16, 2, true, new Generator(0));
        try (var g = GradMode.noGrad()) {
            head.namedParameters().get("weight").fill(0).set(3, 1, 1 * 4 + 2);
            head.namedParameters().get("bias").fill(0);
        }
        return (Sequential) new Sequential(new Flatten(), head).eval();
    }

    private static Sequential smallCnn() {
        Generator gen = new Generator(3);
        return (Sequential) new Sequential(Conv2d.builder(1, 3, 3).padding(1).generator(gen).build(), new ReLU(), new Flatten(),
                new Linear(3 * 6 * 6, 4, true, gen)).eval();
    }

    @Test
    void gradientOfALinearModelIsItsWeightsAndIntegratedGradientsSumToTheLogitChange() {
        Sequential m = onePixelModel();
        Tensor x = Tensor.rand(new Generator(1), 1, 1, 4, 4);
        Tensor g = Saliency.gradient(m, x, 1);
        assertThat(g.get(0, 0, 1, 2)).isEqualTo(3.0);
        assertThat(g.abs().sum().item()).isEqualTo(3.0);
        // completeness: the attributions add up to logit(x) - logit(baseline)
        Sequential cnn = smallCnn();
        Tensor ig = Saliency.integratedGradients(cnn, Tensor.rand(new Generator(2), 1, 1, 6, 6), null, 2, 200);
        try (var s = GradMode.noGrad()) {
            double change = cnn.call(Tensor.rand(new Generator(2), 1, 1, 6, 6)).get(0, 2) - cnn.call(Tensor.zeros(1, 1, 6, 6)).get(0, 2);
            assertThat(ig.sum().item()).isCloseTo(change, within(0.02 * Math.abs(change) + 1e-3));
        }
    }

    @Test
    void smoothGradWithoutNoiseIsTheGradientAndIsSeeded() {
        Sequential m = smallCnn();
        Tensor x = Tensor.rand(new Generator(4), 1, 1, 6, 6);
        assertThat(Saliency.smoothGrad(m, x, 0, 5, 0, new Generator(9)).toFloatArray())
                .containsExactly(Saliency.gradient(m, x, 0).toFloatArray(), org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(Saliency.smoothGrad(m, x, 0, 40, 0.2, new Generator(9)).toFloatArray())
                .containsExactly(Saliency.smoothGrad(m, x, 0, 40, 0.2, new Generator(9)).toFloatArray());
    }

    @Test
    void guidedReluRuleAlsoGovernsModelsThatCallFRelu() {
        Module functional = new Module() {
            @Override
            public Tensor forward(Tensor x) { return F.relu(x.mul(-1)).sum(new int[] {1}, false).reshape(-1, 1).mul(Tensor.of(new float[] {1, -1}, 1, 2)); }
        };
        Tensor x = Tensor.of(new float[] {-1, 2, -3}, 1, 3);
        // logit 0 = sum relu(-x): standard gradient -1 where x < 0; guided keeps it (the upstream 1 is positive)
        assertThat(Saliency.gradient(functional, x, 0).toFloatArray()).containsExactly(new float[] {-1, 0, -1}, ZERO);
        assertThat(Saliency.guidedBackprop(functional, x, 0).toFloatArray()).containsExactly(new float[] {-1, 0, -1}, ZERO);
        // logit 1 = -sum relu(-x): upstream -1 is negative, so guided backprop and the deconvnet pass nothing
        assertThat(Saliency.gradient(functional, x, 1).toFloatArray()).containsExactly(new float[] {1, 0, 1}, ZERO);
        assertThat(Saliency.guidedBackprop(functional, x, 1).toFloatArray()).containsExactly(new float[] {0, 0, 0}, ZERO);
        assertThat(Saliency.deconvnet(functional, x, 0).toFloatArray()).containsExactly(new float[] {-1, -1, -1}, ZERO); // through x > 0 too
        assertThat(ReluGradient.current()).isEqualTo(ReluGradient.Rule.STANDARD);
    }

    @Test
    void occlusionFindsTheOnePixelTheClassReads() {
        Sequential m = onePixelModel();
        Tensor x = Tensor.ones(1, 1, 4, 4);
        Tensor map = Occlusion.of(m, x, 1, 1, 1, 0);
        float[] v = map.toFloatArray();
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        assertThat(best).isEqualTo(1 * 4 + 2);
        assertThat(map.abs().sum().item()).isCloseTo(v[best], within(1e-6));
        assertThatThrownBy(() -> Occlusion.of(m, x, 1, 5, 1, 0)).hasMessageContaining("patch 5 and stride 1");
    }

    @Test
    void gradCamOfALayerWhoseChannelsTheClassIgnoresIsZeroAndLayersAreNamed() {
        Sequential m = smallCnn();
        Tensor x = Tensor.rand(new Generator(5), 1, 1, 6, 6);
        assertThat(LayerActivations.spatialLayers(m, x)).containsExactly("0", "1");
        GradCam.Map cam = GradCam.of(m, LayerActivations.layer(m, "1"), x, 3);
        assertThat(cam.map().shape()).containsExactly(6, 6);
        assertThat(cam.upsampled().shape()).containsExactly(6, 6);
        assertThat(cam.map().min().item()).isGreaterThanOrEqualTo(0);
        assertThatThrownBy(() -> LayerActivations.layer(m, "9")).hasMessage("no layer named '9'; the model's layers are: 0, 1, 2, 3");
        assertThatThrownBy(() -> GradCam.of(m, LayerActivations.layer(m, "3"), x, 0)).hasMessageContaining("Grad-CAM needs a layer with a feature map");
        assertThat(LayerActivations.of(m, LayerActivations.layer(m, "1"), x).min().item()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void classModelRaisesItsClassAndDeepDreamItsLayer() {
        Sequential m = smallCnn();
        InputOptimization opt = new InputOptimization(30, 0.02, 0.01, 0, 0); // no jitter or blur: plain ascent must climb
        Tensor start = Tensor.full(0.5, 1, 1, 6, 6);
        Tensor img = opt.classModel(m, new int[] {1, 1, 6, 6}, 2, new Generator(0));
        try (var g = GradMode.noGrad()) {
            assertThat(m.call(img).get(0, 2)).isGreaterThan(m.call(start).get(0, 2) + 0.1);
            assertThat(img.min().item()).isGreaterThanOrEqualTo(0);
            assertThat(img.max().item()).isLessThanOrEqualTo(1);
            Module layer = LayerActivations.layer(m, "1");
            Tensor x = Tensor.rand(new Generator(6), 1, 1, 6, 6);
            Tensor dream = opt.deepDream(m, layer, x, new Generator(0));
            assertThat(LayerActivations.of(m, layer, dream).square().mean().item())
                    .isGreaterThan(LayerActivations.of(m, layer, x).square().mean().item());
        }
        assertThat(InputOptimization.roll(Tensor.arange(0, 4).reshape(1, 1, 2, 2).to(org.nabla.tensor.DType.FLOAT32), 1, 1).toFloatArray())
                .containsExactly(3, 2, 1, 0);
    }

    @Test
    void filtersAndMapsBecomePictures() {
        Sequential m = smallCnn();
        assertThat(Filters.firstConvolution(m)).isEqualTo("0");
        List<BufferedImage> filters = Filters.pictures((Conv2d) m.submodule("0"));
        assertThat(filters).hasSize(3).allSatisfy(p -> assertThat(p.getWidth()).isEqualTo(3));
        BufferedImage grid = Images.grid(filters, 2, 10, 1);
        assertThat(grid.getWidth()).isEqualTo(2 * 10 + 3);
        assertThat(grid.getHeight()).isEqualTo(2 * 10 + 3);
        BufferedImage heat = Images.heatmap(Tensor.of(new float[] {0, 1, 2, 3}, 2, 2));
        assertThat(heat.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0x000004); // the scale's dark end
        assertThat(heat.getRGB(1, 1) & 0xFFFFFF).isEqualTo(0xFCFFA4); // its light end
        BufferedImage over = Images.overlay(Images.image(Tensor.ones(1, 2, 2)), Tensor.zeros(2, 2), 0.5, 8);
        assertThat(over.getWidth()).isEqualTo(8);
        assertThat(over.getRGB(0, 0) & 0xFF).isEqualTo((int) Math.round(0.5 * 255 + 0.5 * 4));
    }

    @Test
    void pixelModelNormalisesAsTheTrainingDid() {
        var norm = org.nabla.data.Normalizer.of(org.nabla.data.Normalizer.Mode.STANDARDIZE, true, new double[] {0.5}, new double[] {4}, new int[] {1, 2, 2});
        Module identity = new Module() {
            @Override
            public Tensor forward(Tensor x) { return x; }
        };
        PixelModel p = new PixelModel(identity, norm);
        Tensor x = Tensor.of(new float[] {0, 0.5f, 1, 0.25f}, 1, 1, 2, 2);
        assertThat(p.call(x).toFloatArray()).containsExactly(-2, 0, 2, -1);
        assertThat(p.pixels(p.call(x)).toFloatArray()).containsExactly(x.toFloatArray());
    }
}
