package org.nabla.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nabla.tensor.DType;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

class DataLoaderTest {
    /** n samples of shape [2]: features (i, -i), label i % 3. */
    static ArrayDataset data(int n) {
        float[] x = new float[2 * n];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = -i;
            y[i] = i % 3;
        }
        return ArrayDataset.ofFloats("toy", x, y, 2);
    }

    static List<String> epoch(DataLoader loader) {
        List<String> out = new ArrayList<>();
        try (DataLoader.Epoch e = loader.iterator()) {
            while (e.hasNext()) {
                Batch b = e.next();
                out.add(Arrays.toString(b.x().shape()) + Arrays.toString(b.x().toFloatArray()) + Arrays.toString(b.y().toLongArray()));
            }
        }
        return out;
    }

    @Test
    void sequentialBatchesAndShapes() {
        DataLoader l = DataLoader.builder(data(5)).batchSize(2).build();
        assertThat(l.numBatches()).isEqualTo(3);
        assertThat(epoch(l)).containsExactly(
                "[2, 2][0.0, 0.0, 1.0, -1.0][0, 1]", "[2, 2][2.0, -2.0, 3.0, -3.0][2, 0]", "[1, 2][4.0, -4.0][1]");
    }

    @Test
    void digitsAndDatasetsByName() {
        Dataset d = Datasets.load("digits", true);
        assertThat(d.size()).isEqualTo(1797);
        Batch b = DataLoader.builder(d).batchSize(64).build().iterator().next();
        assertThat(b.x().shape()).containsExactly(64, 64);
        assertThat(b.x().toFloatArray()).isEqualTo(Digits.load().features().narrow(0, 0, 64).toFloatArray());
        assertThatThrownBy(() -> Datasets.load("imagenet", true))
                .hasMessageStartingWith("unknown dataset 'imagenet'; available: digits, mnist, fashion-mnist, cifar10, ").hasMessageContaining("csv, folder")
                .hasMessageContaining("tinyshakespeare");
    }

    @Test
    void dropLast() {
        DataLoader l = DataLoader.builder(data(5)).batchSize(2).dropLast(true).build();
        assertThat(l.numBatches()).isEqualTo(2);
        assertThat(epoch(l)).hasSize(2).allMatch(s -> s.startsWith("[2, 2]"));
    }

    @Test
    void sameSeedSameBatchesAndEpochsDiffer() {
        DataLoader a = DataLoader.builder(data(50)).batchSize(8).shuffle(7).build();
        DataLoader b = DataLoader.builder(data(50)).batchSize(8).shuffle(7).build();
        List<String> a1 = epoch(a), a2 = epoch(a);
        assertThat(epoch(b)).isEqualTo(a1);
        assertThat(epoch(b)).isEqualTo(a2);
        assertThat(a2).isNotEqualTo(a1);
        int[] perm = a.epochIndices().clone();
        Arrays.sort(perm);
        for (int i = 0; i < 50; i++) assertThat(perm[i]).isEqualTo(i);
    }

    @Test
    void resumesFromTheSavedEpochState() {
        Generator g = new Generator(3);
        DataLoader l = DataLoader.builder(data(40)).batchSize(8).shuffle(g).build();
        epoch(l);
        List<String> second = epoch(l);
        long[] state = l.epochState(); // the state the second epoch started from
        // A fresh run restored to the second epoch's starting state, skipping 2 batches, yields the rest of that epoch.
        Generator g2 = new Generator(99);
        g2.setState(state);
        DataLoader resumed = DataLoader.builder(data(40)).batchSize(8).shuffle(g2).build();
        List<String> rest = new ArrayList<>();
        resumed.iterator(2).forEachRemaining(b -> rest.add(Arrays.toString(b.x().shape()) + Arrays.toString(b.x().toFloatArray()) + Arrays.toString(b.y().toLongArray())));
        assertThat(rest).isEqualTo(second.subList(2, second.size()));
    }

    @Test
    void prefetchGivesTheSameBatches() {
        for (boolean drop : new boolean[] {false, true}) {
            DataLoader plain = DataLoader.builder(data(37)).batchSize(5).dropLast(drop).shuffle(11).build();
            DataLoader pre = DataLoader.builder(data(37)).batchSize(5).dropLast(drop).shuffle(11).prefetch(2).build();
            for (int e = 0; e < 3; e++) assertThat(epoch(pre)).isEqualTo(epoch(plain));
        }
    }

    @Test
    void producerExceptionsSurfaceInTheConsumer() {
        ArrayDataset good = data(10);
        Dataset bad = new Dataset() {
            public int size() { return 10; }
            public int[] sampleShape() { return new int[] {2}; }
            public long label(int i) { return 0; }
            public void copyFeatures(int i, float[] dst, int off) {
                if (i == 6) throw new IllegalStateException("sample 6 is corrupt");
                good.copyFeatures(i, dst, off);
            }
        };
        DataLoader l = DataLoader.builder(bad).batchSize(4).prefetch(1).build();
        DataLoader.Epoch e = l.iterator();
        assertThat(e.next().size()).isEqualTo(4);
        assertThatThrownBy(e::next).isInstanceOf(IllegalStateException.class).hasMessage("sample 6 is corrupt");
        assertThat(e.hasNext()).isFalse();
    }

    @Test
    void closeStopsTheProducerEarly() throws Exception {
        DataLoader l = DataLoader.builder(data(1000)).batchSize(1).prefetch(2).build();
        DataLoader.Epoch e = l.iterator();
        e.next();
        e.close();
        assertThat(e.hasNext()).isFalse();
        for (Thread t : Thread.getAllStackTraces().keySet()) assertThat(t.getName()).isNotEqualTo("nabla-dataloader");
    }

    static long producers() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("nabla-dataloader")).count();
    }

    @Test
    void anAbandonedEpochStopsItsProducerOnceCollected() throws Exception {
        DataLoader l = DataLoader.builder(data(1000)).batchSize(1).prefetch(2).build();
        for (Batch b : l) break; // a for-each loop left early never closes its epoch
        for (int tries = 0; tries < 100 && producers() > 0; tries++) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(producers()).isZero();
    }

    @Test
    void weightedSamplerBalancesClassesAndIsSeeded() {
        long[] labels = new long[100];
        for (int i = 90; i < 100; i++) labels[i] = 1; // 90 of class 0, 10 of class 1
        float[] x = new float[100];
        ArrayDataset d = ArrayDataset.ofFloats("imbalanced", x, labels, 1);
        double[] w = Balance.inverseFrequencyWeights(labels);
        Generator g = new Generator(5);
        DataLoader l = DataLoader.builder(d).batchSize(1000).sampler(Sampler.weighted(w, 4000, g)).shuffle(g).build();
        long[] y = l.iterator().next().y().toLongArray();
        long ones = Arrays.stream(y).filter(v -> v == 1).count();
        assertThat(y).hasSize(1000);
        assertThat(l.numBatches()).isEqualTo(4);
        assertThat(ones).isBetween(440L, 560L);
        int[] first = l.epochIndices();
        assertThat(Sampler.weighted(w, 4000, new Generator(5)).epochIndices(100)).isEqualTo(first);
    }
    @Test
    void aBatchLargerThanTheDataIsOneBatchOfEverything() {
        for (int size : new int[] {5, 6, Integer.MAX_VALUE - 1, Integer.MAX_VALUE}) {
            DataLoader l = DataLoader.builder(data(5)).batchSize(size).shuffle(3).build();
            assertThat(l.numBatches()).as("batch size %d", size).isEqualTo(1);
            List<String> batches = epoch(l);
            assertThat(batches).hasSize(1);
            assertThat(batches.getFirst()).startsWith("[5, 2]");
            assertThat(DataLoader.builder(data(5)).batchSize(size).dropLast(true).build().numBatches()).isEqualTo(size == 5 ? 1 : 0);
        }
        assertThat(DataLoader.builder(data(7)).batchSize(Integer.MAX_VALUE).prefetch(1).build().iterator().next().size()).isEqualTo(7);
    }

    /** 6 samples: inputs float32 [2], int64 [3] and float64 [], targets int32 [] and float32 [2]; values encode the sample. */
    private static TensorDataset mixed() {
        int n = 6;
        float[] a = new float[2 * n], t2 = new float[2 * n];
        long[] tokens = new long[3 * n];
        double[] w = new double[n];
        int[] cls = new int[n];
        for (int i = 0; i < n; i++) {
            a[2 * i] = i;
            a[2 * i + 1] = -i;
            for (int j = 0; j < 3; j++) tokens[3 * i + j] = 10L * i + j;
            w[i] = i / 3.0;
            cls[i] = i % 2;
            t2[2 * i] = i * 0.5f;
            t2[2 * i + 1] = 1;
        }
        return new TensorDataset("mixed", List.of(Tensor.of(a, n, 2), Tensor.of(tokens, n, 3), Tensor.of(w, n)),
                List.of(Tensor.of(cls, n), Tensor.of(t2, n, 2)));
    }

    @Test
    void samplesCarrySeveralInputsAndTargetsOfAnyDtype() {
        TensorDataset d = mixed();
        assertThat(d.inputs()).extracting(Dataset.Field::dtype).containsExactly(DType.FLOAT32, DType.INT64, DType.FLOAT64);
        assertThat(d.targets()).extracting(Dataset.Field::dtype).containsExactly(DType.INT32, DType.FLOAT32);
        assertThat(d.inputs().get(1).shape()).containsExactly(3);
        for (int prefetch : new int[] {0, 2}) {
            DataLoader l = DataLoader.builder(d).batchSize(4).shuffle(9).prefetch(prefetch).build();
            List<Batch> batches = new ArrayList<>();
            l.forEach(batches::add);
            int[] order = l.epochIndices();
            assertThat(batches).hasSize(2);
            Batch last = batches.get(1);
            assertThat(last.size()).isEqualTo(2);
            assertThat(last.inputs()).extracting(Tensor::dtype).containsExactly(DType.FLOAT32, DType.INT64, DType.FLOAT64);
            assertThat(last.targets()).extracting(Tensor::dtype).containsExactly(DType.INT32, DType.FLOAT32);
            assertThat(last.input(1).shape()).containsExactly(2, 3);
            assertThat(last.input(1).toLongArray()).containsExactly(10L * order[4], 10L * order[4] + 1, 10L * order[4] + 2, 10L * order[5],
                    10L * order[5] + 1, 10L * order[5] + 2);
            assertThat(last.input(2).toDoubleArray()).containsExactly(order[4] / 3.0, order[5] / 3.0);
            assertThat(last.y().toIntArray()).containsExactly(order[4] % 2, order[5] % 2);
            assertThat(last.target(1).toFloatArray()).containsExactly(order[4] * 0.5f, 1, order[5] * 0.5f, 1);
        }
        Dataset.Sample s = d.get(3);
        assertThat(s.inputs()).hasSize(3);
        assertThat(s.x().toFloatArray()).containsExactly(3, -3);
        assertThat(s.targets().get(1).shape()).containsExactly(2);
        Batch sub = Datasets.subset(d, new int[] {5, 1}).batch(new int[] {1, 0});
        assertThat(sub.input(2).toDoubleArray()).containsExactly(1 / 3.0, 5 / 3.0);
        assertThatThrownBy(() -> last(d).input(3)).hasMessage("Batch: no input 3 (the batch has 3 inputs)");
        assertThatThrownBy(() -> Normalizer.fit(DataLoaderTest.data(4), Normalizer.Mode.CENTER).apply(d))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Normalizer");
    }

    private static Batch last(Dataset d) { return d.batch(new int[] {0}); }

    @Test
    void aTensorDatasetBatchesInTheOrderAndBitsOfAnArrayDataset() {
        ArrayDataset arrays = data(23);
        TensorDataset tensors = new TensorDataset(Tensor.of(Datasets.features(arrays), 23, 2), Tensor.of(arrays.labels(), 23));
        assertThat(epoch(DataLoader.builder(tensors).batchSize(5).shuffle(4).build()))
                .containsExactlyElementsOf(epoch(DataLoader.builder(arrays).batchSize(5).shuffle(4).build()));
        assertThat(tensors.label(7)).isEqualTo(arrays.label(7));
        float[] row = new float[2];
        tensors.copyFeatures(7, row, 0);
        assertThat(row).containsExactly(7, -7);
        assertThatThrownBy(() -> new TensorDataset(Tensor.zeros(3, 2), Tensor.zeros(4)))
                .hasMessageStartingWith("TensorDataset: every tensor needs the same first dimension (the sample index)");
        assertThatThrownBy(() -> new TensorDataset(List.of(), List.of())).hasMessage("TensorDataset: a TensorDataset needs at least one input tensor");
        assertThatThrownBy(() -> new TensorDataset(Tensor.zeros(3, 2), Tensor.zeros(3)).label(0))
                .hasMessageStartingWith("TensorDataset has no class labels: its first target is float32");
    }

    @Test
    void floatTargetsTravelThroughTheDefaultBatch() {
        Dataset regression = new Dataset() {
            public int size() { return 3; }
            public int[] sampleShape() { return new int[] {1}; }
            public DType targetType() { return DType.FLOAT32; }
            public void copyFeatures(int i, float[] dst, int off) { dst[off] = i; }
            public void copyTarget(int i, float[] dst, int off) { dst[off] = i * 1.5f; }
        };
        Batch b = DataLoader.builder(regression).batchSize(3).build().iterator().next();
        assertThat(b.y().dtype()).isEqualTo(DType.FLOAT32);
        assertThat(b.y().toFloatArray()).containsExactly(0, 1.5f, 3);
        assertThatThrownBy(() -> regression.label(0)).hasMessageContaining("has no class labels (its targets are float32 []");
    }
}
