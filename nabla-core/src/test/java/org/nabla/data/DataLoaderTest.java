package org.nabla.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nabla.tensor.Generator;

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
                DataLoader.Batch b = e.next();
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
        ArrayDataset d = Datasets.load("digits", true);
        assertThat(d.size()).isEqualTo(1797);
        DataLoader.Batch b = DataLoader.builder(d).batchSize(64).build().iterator().next();
        assertThat(b.x().shape()).containsExactly(64, 64);
        assertThat(b.x().toFloatArray()).isEqualTo(Digits.load().features().narrow(0, 0, 64).toFloatArray());
        assertThatThrownBy(() -> Datasets.load("imagenet", true))
                .hasMessage("unknown dataset 'imagenet', expected one of [mnist, fashion-mnist, cifar10, digits]");
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
        for (DataLoader.Batch b : l) break; // a for-each loop left early never closes its epoch
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
}
