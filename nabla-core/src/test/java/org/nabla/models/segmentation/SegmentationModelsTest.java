package org.nabla.models.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nabla.models.Models;
import org.nabla.nn.Module;
import org.nabla.nn.Parameter;
import org.nabla.nn.functional.F;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;
import org.nabla.testing.Fixtures;

class SegmentationModelsTest {
    static final Map<String, Object> FIXTURES = Fixtures.load("/fixtures/segmentation.json");

    @Test
    void uNetHasTheReferenceBenchmarksKeysShapesAndParameterCount() {
        @SuppressWarnings("unchecked")
        Map<String, Object> ref = (Map<String, Object>) FIXTURES.get("unet");
        Module unet = Models.create("unet", new int[] {1, 64, 64}, 11, new Generator(0));
        Map<String, List<Integer>> expected = new LinkedHashMap<>(), actual = new LinkedHashMap<>();
        for (Object o : (List<?>) ref.get("keys")) {
            List<?> kv = (List<?>) o;
            expected.put((String) kv.get(0), ((List<?>) kv.get(1)).stream().map(v -> ((Number) v).intValue()).toList());
        }
        unet.stateDict().forEach((k, v) -> {
            if (!k.endsWith("num_batches_tracked")) actual.put(k, java.util.Arrays.stream(v.shape()).boxed().toList());
        });
        assertThat(actual).containsExactlyEntriesOf(expected);
        assertThat(unet.parameters().stream().mapToLong(Parameter::numel).sum()).isEqualTo(((Number) ref.get("parameters")).longValue());
    }

    @Test
    void everyModelGivesClassScoresPerPixelAndGradientsToEveryParameter() {
        Tensor x = Tensor.randn(new Generator(1), 2, 1, 32, 32);
        Tensor y = Tensor.randint(new Generator(2), 0, 5, 2, 32, 32);
        for (String name : List.of("fcn", "unet", "unet_bilinear", "segnet")) {
            Module m = Models.create(name, new int[] {1, 32, 32}, 5, new Generator(3));
            Tensor out = m.call(x);
            assertThat(out.shape()).as(name).containsExactly(2, 5, 32, 32);
            F.crossEntropy(out, y).backward();
            for (var e : m.namedParameters().entrySet())
                assertThat(e.getValue().grad()).as("%s %s", name, e.getKey()).isNotNull();
        }
    }

    @Test
    void segNetPutsDecoderValuesOnlyWhereTheEncoderPoolingFoundItsMaxima() {
        // One level, one channel: the decoder's input to its convolutions is the unpooled map, non-zero only at the
        // positions the encoder's 2x2 pooling chose.
        SegNet net = new SegNet(1, 2, new int[] {1}, new Generator(4));
        net.eval();
        List<Tensor> unpooled = new java.util.ArrayList<>();
        Module unpool = net.children().get("unpool");
        unpool.registerForwardHook((module, inputs, output) -> unpooled.add((Tensor) output));
        net.call(Tensor.randn(new Generator(5), 1, 1, 8, 8));
        float[] u = unpooled.getFirst().toFloatArray();
        for (int by = 0; by < 4; by++)
            for (int bx = 0; bx < 4; bx++) {
                int nonZero = 0;
                for (int dy = 0; dy < 2; dy++) for (int dx = 0; dx < 2; dx++) if (u[(2 * by + dy) * 8 + 2 * bx + dx] != 0) nonZero++;
                assertThat(nonZero).as("window %d,%d", by, bx).isLessThanOrEqualTo(1);
            }
    }

    @Test
    void refusesImagesItsPoolingCannotHalveEnough() {
        assertThatThrownBy(() -> Models.create("fcn", new int[] {1, 40, 40}, 11, new Generator(0))).hasMessageContaining("multiples of 16");
        assertThatThrownBy(() -> Models.create("unet", new int[] {64}, 11, new Generator(0))).hasMessageContaining("C x H x W");
        assertThat(Models.create("unet", new int[] {3, 24, 40}, 4, new Generator(0)).call(Tensor.zeros(1, 3, 24, 40)).shape()).containsExactly(1, 4, 24, 40);
    }
}
