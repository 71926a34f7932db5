package org.nabla.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nabla.data.ArrayDataset;
import org.nabla.io.Json;
import org.nabla.nn.Module;
import org.nabla.tensor.Tensor;

class PredictionSamplesTest {
    private static final List<String> CLASSES = List.of("zero", "one", "two");

    /** Reads its logits from the first three values of each sample: the test decides every prediction. */
    static final class FirstValues extends Module {
        @Override
        public Tensor forward(Tensor x) { return x.reshape(x.size(0), -1).narrow(1, 0, 3).contiguous(); }
    }

    /**
     * {@code n} samples of {@code shape}, label i % 3; the label's logit is 4 and the others 0, except where
     * {@code wrong} holds: then class (label + 1) % 3 gets 1 + i % 11 and the label 0.
     */
    private static ArrayDataset data(int n, java.util.function.IntPredicate wrong, int... shape) {
        int len = 1;
        for (int s : shape) len *= s;
        float[] x = new float[n * len];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            for (int p = 3; p < len; p++) x[i * len + p] = (i * 7 + p) % 5;
            if (wrong.test(i)) x[i * len + (i + 1) % 3] = 1 + i % 11;
            else x[i * len + i % 3] = 4;
        }
        return ArrayDataset.ofFloats("made", x, y, shape);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> samples(Map<String, Object> json) { return (List<Map<String, Object>>) json.get("samples"); }

    private static int integer(Object o) { return ((Number) o).intValue(); }

    @Test
    void writesTheFirstSamplesThenTheMostConfidentMistakesWithTheirImages(@TempDir Path dir) throws Exception {
        Module model = new FirstValues();
        model.train();
        assertThat(PredictionSamples.write(model, data(100, i -> i % 5 == 0, 1, 4, 4), CLASSES, dir)).isTrue();
        assertThat(model.isTraining()).as("the model's mode is restored").isTrue();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("predictions.json", "predictions.png");
        }
        Map<String, Object> json = Json.parseObject(Files.readString(dir.resolve(PredictionSamples.JSON)));
        assertThat(json).containsEntry("split", "test").containsEntry("png", "predictions.png").containsEntry("classes", CLASSES);
        assertThat(integer(json.get("scanned"))).isEqualTo(100);
        assertThat(integer(json.get("scanned_mistakes"))).isEqualTo(20);
        assertThat(((Number) json.get("scanned_accuracy")).doubleValue()).isCloseTo(0.8, within(1e-9));
        List<Map<String, Object>> s = samples(json);
        // the first 32 in order, then the 13 mistakes from index 35 on (35, 40, ..., 95), least probable label first
        assertThat(s).hasSize(32 + 13);
        for (int k = 0; k < 32; k++) {
            assertThat(integer(s.get(k).get("index"))).isEqualTo(k);
            assertThat(s.get(k).get("group")).isEqualTo("first");
            assertThat(s.get(k).get("correct")).isEqualTo(k % 5 != 0);
        }
        List<Map<String, Object>> mistakes = s.subList(32, s.size());
        assertThat(mistakes).allSatisfy(m -> {
            assertThat(m.get("group")).isEqualTo("mistake");
            assertThat(m.get("correct")).isEqualTo(false);
            assertThat(integer(m.get("index")) % 5).isZero();
            assertThat(integer(m.get("predicted"))).isEqualTo((integer(m.get("label")) + 1) % 3);
        });
        assertThat(mistakes.stream().map(m -> integer(m.get("index"))).toList())
                .containsExactlyInAnyOrder(35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90, 95);
        List<Double> labelP = mistakes.stream().map(m -> ((Number) m.get("label_probability")).doubleValue()).toList();
        assertThat(labelP).isSorted();
        // sample 10 (label 1, wrong): logits [0, 0, 1 + 10] -> class 2 with e^11 / (e^11 + 2)
        Map<String, Object> ten = s.get(10);
        double p = Math.exp(11) / (Math.exp(11) + 2);
        assertThat(((Number) ten.get("probability")).doubleValue()).isCloseTo(p, within(1e-4));
        List<Map<String, Object>> top = (List<Map<String, Object>>) ten.get("top");
        assertThat(top).hasSize(3);
        assertThat(integer(top.get(0).get("class"))).isEqualTo(2);
        assertThat(top.stream().mapToDouble(t -> ((Number) t.get("probability")).doubleValue()).sum()).isCloseTo(1, within(1e-3));
        // each image sample carries its picture as a PNG of its own size; the pixels are not in the file
        String url = (String) ten.get("image");
        assertThat(url).startsWith("data:image/png;base64,");
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1))));
        assertThat(img.getWidth()).isEqualTo(4);
        assertThat(img.getHeight()).isEqualTo(4);
        assertThat(ten).doesNotContainKey("pixels");
        BufferedImage grid = ImageIO.read(dir.resolve(PredictionSamples.PNG).toFile());
        assertThat(grid.getWidth()).isGreaterThan(8 * 56);
        assertThat(grid.getHeight()).isGreaterThan(6 * 56); // 45 samples: 6 rows of 8
        assertThat(Files.size(dir.resolve(PredictionSamples.JSON))).isLessThan(100_000);
    }

    @Test
    void keepsAtMostThirtyTwoMistakesTheMostConfidentFirst(@TempDir Path dir) throws Exception {
        assertThat(PredictionSamples.write(new FirstValues(), data(300, i -> true, 1, 3, 3), CLASSES, dir)).isTrue();
        List<Map<String, Object>> s = samples(Json.parseObject(Files.readString(dir.resolve(PredictionSamples.JSON))));
        assertThat(s).hasSize(64);
        List<Map<String, Object>> mistakes = s.subList(32, 64);
        // the most confident mistakes give the predicted class the logit 1 + i % 11: all 25 with 11 (i = 32, 43, ...,
        // 296), then 7 of those with 10
        List<Integer> idx = mistakes.stream().map(m -> integer(m.get("index"))).toList();
        assertThat(idx).doesNotHaveDuplicates().allMatch(i -> i >= 32);
        assertThat(idx.stream().filter(i -> i % 11 == 10).count()).isEqualTo(25);
        assertThat(idx.stream().filter(i -> i % 11 == 9).count()).isEqualTo(7);
    }

    @Test
    void tableSamplesHaveNoPicturesAndAnOutputOfTheWrongShapeWritesNothing(@TempDir Path dir) throws Exception {
        assertThat(PredictionSamples.write(new FirstValues(), data(10, i -> false, 5), CLASSES, dir)).isTrue();
        Map<String, Object> json = Json.parseObject(Files.readString(dir.resolve(PredictionSamples.JSON)));
        assertThat(json).doesNotContainKey("png").containsEntry("image_shape", null);
        assertThat(samples(json)).hasSize(10).allSatisfy(m -> assertThat(m).doesNotContainKey("image").containsEntry("correct", true));
        assertThat(Files.exists(dir.resolve(PredictionSamples.PNG))).isFalse();

        Path other = Files.createDirectory(dir.resolve("other"));
        assertThat(PredictionSamples.write(new FirstValues(), data(10, i -> false, 1, 4, 4), List.of("a", "b"), other)).isFalse();
        try (var files = Files.list(other)) {
            assertThat(files).isEmpty();
        }
    }
}
