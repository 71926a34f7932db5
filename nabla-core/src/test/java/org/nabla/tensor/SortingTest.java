package org.nabla.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Values of sort, argsort and topk beyond the PyTorch fixtures: large inputs, ties in top-k, dtypes and views. */
class SortingTest {

    /** rows x n float32 values drawn from a few distinct ones, so that ties are everywhere. */
    private static Tensor manyTies(long seed, int rows, int n) {
        Generator gen = new Generator(seed);
        float[] v = new float[rows * n];
        for (int i = 0; i < v.length; i++) v[i] = gen.nextLong(5) - 2;
        return Tensor.of(v, rows, n);
    }

    @Test
    void largeInputsSortedAcrossThreadsGiveTheSameOrderAsOneRowAtATime() {
        // 64 x 700 elements are shared out between threads; each row sorted alone is not.
        Tensor x = manyTies(1, 64, 700);
        for (boolean descending : new boolean[] {false, true}) {
            Tensor all = x.argsort(1, descending);
            for (int r = 0; r < 64; r += 9) {
                Tensor row = x.select(0, r).argsort(0, descending);
                assertThat(all.select(0, r).toLongArray()).as("row %d", r).containsExactly(row.toLongArray());
            }
        }
    }

    @Test
    void sortedValuesAreOrderedAndEqualTiesKeepTheirIndexOrder() {
        Tensor x = manyTies(2, 3, 100);
        var sorted = x.sort(1, true);
        for (int r = 0; r < 3; r++) {
            float[] v = sorted.values().select(0, r).toFloatArray();
            long[] i = sorted.indices().select(0, r).toLongArray();
            for (int j = 1; j < v.length; j++) {
                assertThat(v[j]).isLessThanOrEqualTo(v[j - 1]);
                if (v[j] == v[j - 1]) assertThat(i[j]).isGreaterThan(i[j - 1]);
            }
        }
    }

    @Test
    void topkIsTheHeadOfTheStableSortSoTiesComeInIndexOrder() {
        Tensor x = manyTies(3, 4, 50);
        for (boolean largest : new boolean[] {true, false}) {
            var top = x.topk(7, 1, largest, true);
            Tensor head = x.argsort(1, largest).narrow(1, 0, 7);
            assertThat(top.indices().toLongArray()).containsExactly(head.toLongArray());
            assertThat(top.values().toFloatArray()).containsExactly(x.gather(1, head).toFloatArray());
        }
        // sorted=false returns the same (sorted) result.
        assertThat(x.topk(5, 1, true, false).indices().toLongArray()).containsExactly(x.topk(5, 1, true, true).indices().toLongArray());
    }

    @Test
    void valuesKeepTheDtypeAndIndicesAreInt64() {
        Tensor ints = Tensor.of(new int[] {3, -1, 2}, 3);
        var sorted = ints.sort();
        assertThat(sorted.values().dtype()).isEqualTo(DType.INT32);
        assertThat(sorted.values().toIntArray()).containsExactly(-1, 2, 3);
        assertThat(sorted.indices().dtype()).isEqualTo(DType.INT64);
        assertThat(ints.topk(2).values().toIntArray()).containsExactly(3, 2);
        Tensor doubles = Tensor.of(new double[] {0.5, Double.NaN, -0.25}, 3);
        assertThat(doubles.sort(0, false).values().dtype()).isEqualTo(DType.FLOAT64);
        assertThat(doubles.argsort(0, true).toLongArray()).containsExactly(1, 0, 2);
    }

    @Test
    void stridedViewsSortLikeTheirContiguousCopies() {
        Tensor base = manyTies(4, 6, 10);
        Tensor view = base.t().slice(1, 0, 6, 2); // [10, 3], strides (1, 20)
        assertThat(view.isContiguous()).isFalse();
        for (int dim = 0; dim < 2; dim++) {
            assertThat(view.argsort(dim, false).toLongArray()).as("dim %d", dim).containsExactly(view.contiguous().argsort(dim, false).toLongArray());
            assertThat(view.topk(2, dim).values().toFloatArray()).containsExactly(view.contiguous().topk(2, dim).values().toFloatArray());
        }
        // An expanded (stride-0) dim sorts to its own positions in order.
        assertThat(Tensor.scalar(1).expand(4).argsort().toLongArray()).containsExactly(0, 1, 2, 3);
        assertThat(Arrays.stream(Tensor.zeros(2, 0).sort().indices().shape()).boxed()).containsExactly(2, 0);
    }
}
