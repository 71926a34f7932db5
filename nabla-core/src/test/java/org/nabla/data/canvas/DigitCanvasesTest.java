package org.nabla.data.canvas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.nabla.data.Batch;
import org.nabla.data.DataPaths;
import org.nabla.data.Dataset;
import org.nabla.data.Datasets;
import org.nabla.data.Digits;
import org.nabla.tensor.DType;

class DigitCanvasesTest {
    /** The bundled 8x8 digits stand in for MNIST: real strokes, no data folder needed. */
    static DigitCanvases small(int count, long seed) {
        return DigitCanvases.generate("digits-canvas", Digits.load().asDataset(), count, seed, DigitCanvases.Options.defaults());
    }

    @Test
    void theSameSeedGivesTheSameCanvasesAndAnotherSeedOthers() {
        DigitCanvases a = small(20, 7), b = small(20, 7), c = small(20, 8);
        for (int i = 0; i < 20; i++) {
            assertThat(a.canvas(i).image()).containsExactly(b.canvas(i).image());
            assertThat(a.canvas(i).mask()).containsExactly(b.canvas(i).mask());
            assertThat(a.boxes(i)).isDeepEqualTo(b.boxes(i));
            assertThat(a.labels(i)).containsExactly(b.labels(i));
        }
        assertThat(a.canvas(0).image()).isNotEqualTo(c.canvas(0).image());
    }

    @Test
    void masksBoxesAndLabelsDescribeTheDrawnDigits() {
        DigitCanvases set = small(200, 3);
        int n = set.side(), total = 0;
        int[] digitsPerCanvas = new int[5];
        for (int i = 0; i < set.size(); i++) {
            DigitCanvases.Canvas c = set.canvas(i);
            assertThat(c.digits()).isBetween(1, 4);
            digitsPerCanvas[c.digits()]++;
            assertThat(c.boxes().length).isEqualTo(c.digits());
            boolean[] inBox = new boolean[n * n];
            for (int k = 0; k < c.digits(); k++) {
                float[] box = c.boxes()[k];
                int x1 = (int) box[0], y1 = (int) box[1], x2 = (int) box[2], y2 = (int) box[3];
                assertThat(c.labels()[k]).isBetween(0, 9);
                assertThat(x1).isBetween(0, x2 - 1);
                assertThat(y1).isBetween(0, y2 - 1);
                assertThat(x2).isLessThanOrEqualTo(n);
                assertThat(y2).isLessThanOrEqualTo(n);
                // Tight: each edge row and column of the box holds a drawn stroke (the image keeps the brightest digit).
                assertThat(maxOverRect(c.image(), n, x1, y1, x1 + 1, y2)).isGreaterThanOrEqualTo(0.498f);
                assertThat(maxOverRect(c.image(), n, x2 - 1, y1, x2, y2)).isGreaterThanOrEqualTo(0.498f);
                assertThat(maxOverRect(c.image(), n, x1, y1, x2, y1 + 1)).isGreaterThanOrEqualTo(0.498f);
                assertThat(maxOverRect(c.image(), n, x1, y2 - 1, x2, y2)).isGreaterThanOrEqualTo(0.498f);
                for (int y = y1; y < y2; y++) for (int x = x1; x < x2; x++) inBox[y * n + x] = true;
            }
            for (int p = 0; p < n * n; p++) {
                int cls = c.mask()[p];
                assertThat(cls).isBetween(0, 10);
                if (cls > 0) {
                    assertThat(inBox[p]).isTrue();
                    assertThat(c.labels()).contains(cls - 1);
                    assertThat(c.image()[p]).isGreaterThanOrEqualTo(0.498f);
                    total++;
                }
                if (!inBox[p]) assertThat(c.image()[p]).isLessThan(0.5f);
            }
        }
        assertThat(total).isPositive();
        for (int k = 1; k <= 4; k++) assertThat(digitsPerCanvas[k]).as("canvases with %d digits", k).isGreaterThan(30);
    }

    @Test
    void theSegmentationDatasetBatchesImagesAndMasks() {
        DigitCanvases set = small(6, 1);
        Dataset d = set.segmentation();
        assertThat(d.sampleShape()).containsExactly(1, 64, 64);
        assertThat(d.targetShape()).containsExactly(64, 64);
        Batch b = d.batch(new int[] {4, 2});
        assertThat(b.x().shape()).containsExactly(2, 1, 64, 64);
        assertThat(b.y().shape()).containsExactly(2, 64, 64);
        assertThat(b.y().dtype()).isEqualTo(DType.INT64);
        long[] mask = b.y().toLongArray();
        byte[] expected = set.canvas(2).mask();
        for (int p = 0; p < expected.length; p++) assertThat(mask[4096 + p]).isEqualTo(expected[p]);
        assertThat(b.x().toFloatArray()[100]).isEqualTo(set.canvas(4).image()[100]);
    }

    @Test
    void refusesSourcesAndOptionsItCannotDraw() {
        assertThatThrownBy(() -> new DigitCanvases.Options(64, 0, 4, 22, 40, 0.3f)).hasMessageContaining("digits per canvas");
        assertThatThrownBy(() -> new DigitCanvases.Options(64, 1, 4, 22, 70, 0.3f)).hasMessageContaining("digit sides");
        assertThatThrownBy(() -> new DigitCanvases.Options(64, 1, 4, 22, 40, 0.6f)).hasMessageContaining("noise");
        Dataset notSquare = org.nabla.data.ArrayDataset.ofFloats("strip", new float[12], new long[] {1, 2}, 6);
        assertThatThrownBy(() -> DigitCanvases.generate("x", notSquare, 3, 1, DigitCanvases.Options.defaults()))
                .hasMessageContaining("square grey images");
    }

    @Test
    void mnistSegIsRegisteredWithElevenClasses() {
        Path mnist = DataPaths.searchPath("mnist").getFirst();
        assumeTrue(Files.isRegularFile(mnist.resolve("t10k-images-idx3-ubyte.gz")) || Files.isRegularFile(mnist.resolve("t10k-images-idx3-ubyte")),
                "MNIST not in " + mnist);
        var loaded = Datasets.REGISTRY.get(DigitCanvases.SEGMENTATION).source().load(null, null, false);
        assertThat(loaded.classNames()).hasSize(DigitCanvases.CLASSES).startsWith("background", "0");
        Dataset test = loaded.data();
        assertThat(test.size()).isEqualTo(DigitCanvases.TEST_CANVASES);
        long[] seen = new long[DigitCanvases.CLASSES];
        long[] mask = new long[64 * 64];
        for (int i = 0; i < 200; i++) {
            test.copyTarget(i, mask, 0);
            for (long v : mask) seen[(int) v]++;
        }
        for (int k = 0; k < seen.length; k++) assertThat(seen[k]).as("pixels of class %d", k).isPositive();
        assertThat(seen[0]).isGreaterThan(seen[1] * 5); // mostly background
    }

    private static float maxOverRect(float[] image, int n, int x1, int y1, int x2, int y2) {
        float m = 0;
        for (int y = y1; y < y2; y++) for (int x = x1; x < x2; x++) m = Math.max(m, image[y * n + x]);
        return m;
    }
}
