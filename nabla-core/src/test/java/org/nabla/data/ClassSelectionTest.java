package org.nabla.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nabla.tensor.Generator;

/** Choosing classes (relabelled 0..k-1) and a label budget per class: the data side of transfer learning. */
class ClassSelectionTest {
    /** Sample i has feature value i and label i % 4. */
    private static Dataset fourClasses(int n) {
        float[] x = new float[n];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = i % 4;
        }
        return ArrayDataset.ofFloats("four", x, y, 1);
    }

    @Test
    void selectClassesKeepsTheirSamplesRelabelledInTheOrderGiven() {
        Dataset two = Datasets.selectClasses(fourClasses(20), new long[] {3, 1});
        assertThat(two.size()).isEqualTo(10);
        float[] x = Datasets.features(two);
        for (int i = 0; i < two.size(); i++) {
            long original = (long) x[i] % 4;
            assertThat(original).isIn(1L, 3L);
            assertThat(two.label(i)).isEqualTo(original == 3 ? 0 : 1);
        }
        var batch = two.batch(new int[] {0, 1});
        assertThat(batch.y().toLongArray()).containsExactly(1, 0); // samples 1 and 3
    }

    @Test
    void selectClassesRefusesAClassWithoutSamplesOrListedTwice() {
        assertThatThrownBy(() -> Datasets.selectClasses(fourClasses(20), new long[] {1, 7})).hasMessageStartingWith("class 7 has no samples in");
        assertThatThrownBy(() -> Datasets.selectClasses(fourClasses(20), new long[] {1, 1})).hasMessage("selectClasses: class 1 is listed twice");
    }

    @Test
    void perClassDrawsExactlyNOfEveryClassFromTheSeed() {
        long[] labels = Datasets.labels(fourClasses(40));
        int[] picked = Splits.perClass(labels, 3, new Generator(5));
        assertThat(picked).hasSize(12).isSorted().doesNotHaveDuplicates();
        assertThat(Datasets.classCounts(Arrays.stream(picked).mapToLong(i -> labels[i]).toArray())).containsExactly(3, 3, 3, 3);
        assertThat(Splits.perClass(labels, 3, new Generator(5))).isEqualTo(picked);
        assertThat(Splits.perClass(labels, 3, new Generator(6))).isNotEqualTo(picked);
        assertThatThrownBy(() -> Splits.perClass(labels, 11, new Generator(5))).hasMessage("class 0 has 10 samples, fewer than the 11 asked for per class");
    }
}
