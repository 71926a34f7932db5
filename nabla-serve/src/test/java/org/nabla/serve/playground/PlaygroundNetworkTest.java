package org.nabla.serve.playground;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PlaygroundNetworkTest {
    private static PlaygroundNetwork network(Map<String, String> params) {
        PlaygroundSettings s = PlaygroundSettings.parse(params);
        return new PlaygroundNetwork(s, PlaygroundData.generate(s), s.seed());
    }

    /** Epochs until the test loss is under {@code target}, at most {@code max}. */
    private static int epochsTo(PlaygroundNetwork n, double target, int max) {
        while (n.epoch() < max) {
            n.trainEpoch();
            if (n.losses()[1] < target) break;
        }
        return n.epoch();
    }

    @Test
    void theDefaultsLearnTheCircle() {
        PlaygroundNetwork n = network(Map.of());
        double before = n.losses()[1];
        assertThat(epochsTo(n, 0.1, 300)).isLessThan(300);
        assertThat(before).isGreaterThan(0.3);
    }

    @Test
    void xorIsLearnedFromTheProductFeatureAlone() {
        PlaygroundNetwork n = network(Map.of("dataset", "xor", "features", "x1x2"));
        assertThat(epochsTo(n, 0.05, 100)).isLessThan(100);
    }

    @Test
    void aRegressionTrainsALinearOutput() {
        PlaygroundNetwork n = network(Map.of("dataset", "plane", "layers", "", "lr", "0.01"));
        double before = n.losses()[1];
        for (int i = 0; i < 5; i++) n.trainEpoch();
        assertThat(n.losses()[1]).isLessThan(before / 10);
    }

    @Test
    void l1ShrinksTheWeightsMoreThanNoPenalty() {
        PlaygroundNetwork free = network(Map.of("dataset", "gauss")), l1 = network(Map.of("dataset", "gauss", "reg", "l1", "regRate", "0.1"));
        for (int i = 0; i < 20; i++) {
            free.trainEpoch();
            l1.trainEpoch();
        }
        assertThat(absSum(l1.weightValues())).isLessThan(absSum(free.weightValues()) * 0.7);
    }

    private static double absSum(float[][][] w) {
        double s = 0;
        for (float[][] layer : w) for (float[] row : layer) for (float v : row) s += Math.abs(v);
        return s;
    }

    @Test
    void theGridHoldsEveryNodeAndTheOutputInItsRange() {
        PlaygroundNetwork n = network(Map.of("layers", "3", "features", "x1,x2,sinx1"));
        float[][][] v = n.gridValues();
        assertThat(v).hasNumberOfRows(3); // inputs, the hidden layer, the output
        assertThat(v[0]).hasNumberOfRows(3);
        assertThat(v[1]).hasNumberOfRows(3);
        assertThat(v[2]).hasNumberOfRows(1);
        assertThat(v[2][0]).hasSize(PlaygroundNetwork.GRID * PlaygroundNetwork.GRID);
        // the top-left cell is at (-6, 6) give or take half a cell: x1 there is about -6, x2 about +6
        assertThat(v[0][0][0]).isCloseTo(-5.94f, org.assertj.core.data.Offset.offset(1e-4f));
        assertThat(v[0][1][0]).isCloseTo(5.94f, org.assertj.core.data.Offset.offset(1e-4f));
        for (float o : v[2][0]) assertThat(o).isBetween(-1f, 1f);
    }

    @Test
    void datasetsHaveTheOriginalsSizesAndSplit() {
        PlaygroundData circle = PlaygroundData.generate(PlaygroundSettings.parse(Map.of("ratio", "70")));
        assertThat(circle.train()).hasSize(350);
        assertThat(circle.test()).hasSize(150);
        PlaygroundData multi = PlaygroundData.generate(PlaygroundSettings.parse(Map.of("dataset", "multigauss")));
        assertThat(multi.train().size() + multi.test().size()).isEqualTo(1200);
        for (String d : PlaygroundSettings.DATASETS)
            for (var p : PlaygroundData.generate(PlaygroundSettings.parse(Map.of("dataset", d, "noise", "50"))).train())
                assertThat(p.label()).isBetween(-1.0, 1.0);
    }
}
