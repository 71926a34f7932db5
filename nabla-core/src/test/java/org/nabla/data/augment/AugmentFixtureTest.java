package org.nabla.data.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nabla.io.Json;

/**
 * Fixed-parameter results against {@code fixtures/augment.json}, written by {@code make_augment_fixtures.py} with
 * PyTorch's affine_grid/grid_sample, reflect-padded conv2d and the ColorJitter blends, as torchvision computes them.
 */
class AugmentFixtureTest {
    private static final Map<String, Object> F = load();
    private static final int C = 3, H = 5, W = 7;

    private static Map<String, Object> load() {
        try (InputStream in = AugmentFixtureTest.class.getResourceAsStream("/fixtures/augment.json")) {
            return Json.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static float[] floats(String key) {
        List<?> list = (List<?>) F.get(key);
        float[] out = new float[list.size()];
        for (int i = 0; i < out.length; i++) out[i] = ((Number) list.get(i)).floatValue();
        return out;
    }

    private static void assertClose(float[] actual, String key) {
        float[] expected = floats(key);
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) assertThat(actual[i]).as(key + "[" + i + "]").isCloseTo(expected[i], within(2e-6f));
    }

    @Test
    void inputShapeMatches() {
        assertThat(((List<?>) F.get("shape")).stream().map(n -> ((Number) n).intValue())).containsExactly(C, H, W);
    }

    @Test
    void rotationMatchesGridSample() {
        for (double deg : new double[] {30, -75}) {
            float[] d = floats("input");
            Rotate.rotate(d, 0, C, H, W, deg);
            assertClose(d, "rotate" + (int) deg);
        }
    }

    @Test
    void zoomMatchesGridSample() {
        for (String s : new String[] {"1.3", "0.7"}) {
            float[] d = floats("input");
            double inv = 1 / Double.parseDouble(s);
            Images.affine(d, 0, C, H, W, inv, 0, 0, inv);
            assertClose(d, "zoom" + s);
        }
    }

    @Test
    void blurMatchesReflectPaddedConvolution() {
        float[] d = floats("input");
        GaussianBlur.blur(d, 0, C, H, W, GaussianBlur.kernel(3, 0.8));
        assertClose(d, "blur3_0.8");
        float[] e = floats("input");
        GaussianBlur.blur(e, 0, C, H, W, GaussianBlur.kernel(5, 1.5));
        assertClose(e, "blur5_1.5");
    }

    @Test
    void colourJitterMatchesTheBlends() {
        float[] b = floats("input"), c = floats("input"), s = floats("input");
        Brightness.adjust(b, 0, C, H, W, 1.4f);
        Contrast.adjust(c, 0, C, H, W, 0.6f);
        Saturation.adjust(s, 0, C, H, W, 1.7f);
        assertClose(b, "brightness1.4");
        assertClose(c, "contrast0.6");
        assertClose(s, "saturation1.7");
    }
}
