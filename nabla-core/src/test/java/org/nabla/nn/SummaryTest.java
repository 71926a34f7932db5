package org.nabla.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nabla.tensor.Tensor;

class SummaryTest {

    /** ReLU as a leaf module. */
    static final class Relu extends Module {
        @Override
        public Tensor forward(Tensor x) { return x.relu(); }

        @Override
        public String name() { return "ReLU"; }
    }

    /** LeNet-5 for 28x28 inputs (first convolution padded by 2, as in the classic 32x32 design). */
    static Sequential lenet5() {
        return new Sequential(
                new Conv2d(1, 6, 5, 1, 2), new Relu(), new MaxPool2d(2),
                new Conv2d(6, 16, 5), new Relu(), new MaxPool2d(2),
                new Flatten(),
                new Linear(400, 120), new Relu(), new Linear(120, 84), new Relu(), new Linear(84, 10));
    }

    @Test
    void lenet5HasPyTorchsParameterCountAndTheHandCountedMultiplyAdds() {
        Summary s = Summary.of(lenet5(), 1, 1, 28, 28);
        assertThat(s.totalParams()).isEqualTo(61_706);
        assertThat(s.trainableParams()).isEqualTo(61_706);
        long conv1 = 6L * 28 * 28 * (1 * 5 * 5);  // output elements x weights per output
        long conv2 = 16L * 10 * 10 * (6 * 5 * 5);
        long fcs = 400 * 120 + 120 * 84 + 84 * 10;
        assertThat(s.totalMacs()).isEqualTo(conv1 + conv2 + fcs).isEqualTo(416_520);

        List<Summary.Row> rows = s.rows();
        assertThat(rows).extracting(Summary.Row::name).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11");
        assertThat(rows).extracting(Summary.Row::type)
                .containsExactly("Conv2d", "ReLU", "MaxPool2d", "Conv2d", "ReLU", "MaxPool2d", "Flatten", "Linear", "ReLU", "Linear", "ReLU", "Linear");
        assertThat(rows.get(0).outputShape()).containsExactly(1, 6, 28, 28);
        assertThat(rows.get(5).outputShape()).containsExactly(1, 16, 5, 5);
        assertThat(rows.get(6).outputShape()).containsExactly(1, 400);
        assertThat(rows.get(11).outputShape()).containsExactly(1, 10);
        assertThat(rows).extracting(Summary.Row::params).containsExactly(156L, 0L, 0L, 2416L, 0L, 0L, 0L, 48120L, 0L, 10164L, 0L, 850L);
        assertThat(rows.get(0).macs()).isEqualTo(conv1);
        assertThat(rows.get(3).macs()).isEqualTo(conv2);
        assertThat(rows.get(7).macs()).isEqualTo(48_000);

        // Multiply-adds scale with the batch; parameters do not.
        Summary batch = Summary.of(lenet5(), 4, 1, 28, 28);
        assertThat(batch.totalMacs()).isEqualTo(4 * 416_520L);
        assertThat(batch.totalParams()).isEqualTo(61_706);
    }

    @Test
    void printsATableWithTotals() {
        String table = Summary.of(lenet5(), 1, 1, 28, 28).toString();
        assertThat(table).contains("Layer (type)", "Output Shape", "Param #", "Mult-Adds");
        assertThat(table).containsPattern("0 \\(Conv2d\\) +\\[1, 6, 28, 28\\] +156 +117,600");
        assertThat(table).containsPattern("7 \\(Linear\\) +\\[1, 120\\] +48,120 +48,000");
        assertThat(table).contains("Total params: 61,706 (61.7 K)", "Trainable params: 61,706 (61.7 K)", "Non-trainable params: 0\n",
                "Total mult-adds: 416,520 (417 K)");
    }

    @Test
    void totalsAlsoReadToThreeSignificantDigits() {
        assertThat(Summary.short3(999)).isEmpty();
        assertThat(Summary.short3(1000)).isEqualTo(" (1.00 K)");
        assertThat(Summary.short3(11_689_512)).isEqualTo(" (11.7 M)");
        assertThat(Summary.short3(1_814_073_344L)).isEqualTo(" (1.81 G)");
        assertThat(Summary.short3(999_600)).isEqualTo(" (1.00 M)");
        assertThat(Summary.short3(138_357_544)).isEqualTo(" (138 M)");
    }

    @Test
    void nestedNamesFrozenParametersAndModesAreReported() {
        Sequential features = new Sequential(new Conv2d(3, 4, 3, 1, 1), new Relu());
        Sequential model = new Sequential(features, new Flatten(), new Linear(4 * 8 * 8, 2));
        features.freeze();
        features.get(1).eval(); // a mixed mode, restored after the summary
        Summary s = Summary.of(model, 2, 3, 8, 8);
        assertThat(s.rows()).extracting(Summary.Row::name).containsExactly("0.0", "0.1", "1", "2");
        assertThat(s.totalParams()).isEqualTo(4 * 27 + 4 + 256 * 2 + 2);
        assertThat(s.trainableParams()).isEqualTo(256 * 2 + 2);
        assertThat(s.toString()).contains("Non-trainable params: 112");
        assertThat(model.isTraining()).isTrue();
        assertThat(features.get(0).isTraining()).isTrue();
        assertThat(features.get(1).isTraining()).isFalse();
    }

    @Test
    void transposedConvolutionsCountInputElementsTimesTheirFanOut() {
        ConvTranspose2d up = ConvTranspose2d.builder(8, 4, 2).stride(2).groups(2).build();
        Summary s = Summary.of(up, 1, 8, 5, 5);
        assertThat(s.rows()).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("ConvTranspose2d");
            assertThat(r.outputShape()).containsExactly(1, 4, 10, 10);
            assertThat(r.macs()).isEqualTo(8L * 5 * 5 * (4 / 2) * 2 * 2);
        });
    }
}
