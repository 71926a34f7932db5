package org.nabla.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nabla.tensor.Tensor;

class LabelGroupsTest {
    @Test
    void fashionMnistCoarseGroupsTopsFootwearAndOther() {
        Map<String, String> expected = Map.of("T-shirt/top", "tops", "Trouser", "other", "Pullover", "tops", "Dress", "tops", "Coat", "tops",
                "Sandal", "footwear", "Shirt", "tops", "Sneaker", "footwear", "Bag", "other", "Ankle boot", "footwear");
        LabelGroups g = LabelGroups.FASHION_MNIST_COARSE;
        for (int c = 0; c < Mnist.FASHION_CLASSES.length; c++)
            assertThat(g.groupNames().get(g.group(c))).as(Mnist.FASHION_CLASSES[c]).isEqualTo(expected.get(Mnist.FASHION_CLASSES[c]));
    }

    @Test
    void addsTheGroupOfEachSamplesClassAsASecondTarget() {
        Dataset d = new TensorDataset(Tensor.zeros(10, 3), Tensor.of(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 10));
        Dataset both = LabelGroups.FASHION_MNIST_COARSE.addTarget(d, 10);
        Batch b = both.batch(new int[] {9, 1, 5, 0});
        assertThat(b.targets()).hasSize(2);
        assertThat(b.target(0).toLongArray()).containsExactly(9, 1, 5, 0);
        assertThat(b.target(1).toLongArray()).containsExactly(1, 2, 1, 0);
        assertThat(both.targets()).extracting(Dataset.Field::name).containsExactly(d.targets().getFirst().name(), "coarse");
        assertThat(both.label(8)).isEqualTo(8);
        assertThat(Datasets.subset(both, new int[] {8}).batch(new int[] {0}).target(1).toLongArray()).containsExactly(2);
    }

    @Test
    void refusesAnotherClassCountAndBadGroups() {
        Dataset d = new TensorDataset(Tensor.zeros(2, 3), Tensor.of(new long[] {0, 1}, 2));
        assertThatThrownBy(() -> LabelGroups.FASHION_MNIST_COARSE.addTarget(d, 2)).hasMessageContaining("groups 10 classes");
        assertThatThrownBy(() -> new LabelGroups("g", List.of("a"), new int[] {0, 1})).hasMessageContaining("group 1 is not in [0, 1)");
        assertThatThrownBy(() -> LabelGroups.FASHION_MNIST_COARSE.group(10)).hasMessageContaining("class 10 is not in [0, 10)");
    }
}
