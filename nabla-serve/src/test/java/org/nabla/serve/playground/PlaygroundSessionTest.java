package org.nabla.serve.playground;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A running network takes a new learning rate and regularisation with its weights kept. */
class PlaygroundSessionTest {
    private static PlaygroundNetwork network(Map<String, String> params) {
        PlaygroundSettings s = PlaygroundSettings.parse(params);
        return new PlaygroundNetwork(s, PlaygroundData.generate(s), s.seed());
    }

    private static float[] flat(float[][][] w) {
        int n = 0;
        for (float[][] l : w) for (float[] r : l) n += r.length;
        float[] out = new float[n];
        int k = 0;
        for (float[][] l : w) for (float[] r : l) for (float v : r) out[k++] = v;
        return out;
    }

    @Test
    void aNewLearningRateScalesTheNextStepOfTheSameWeights() {
        // two networks from one seed take the same first step; then one steps at 10 times the rate: from the same
        // weights and batch the gradient is the same, so its change of every weight is 10 times the other's
        PlaygroundNetwork a = network(Map.of("lr", "0.03")), b = network(Map.of("lr", "0.03"));
        a.trainBatch(0, 10);
        b.trainBatch(0, 10);
        float[] w1 = flat(a.weightValues());
        assertThat(flat(b.weightValues())).containsExactly(w1);
        a.setTraining(a.settings().live(Map.of("lr", "0.3")));
        assertThat(a.learningRate()).isEqualTo(0.3);
        assertThat(b.learningRate()).isEqualTo(0.03);
        a.trainBatch(10, 10);
        b.trainBatch(10, 10);
        float[] wa = flat(a.weightValues()), wb = flat(b.weightValues());
        double moved = 0;
        for (int i = 0; i < w1.length; i++) {
            double da = wa[i] - w1[i], db = wb[i] - w1[i];
            assertThat(da).as("weight " + i).isCloseTo(10 * db, within(1e-5 + 1e-3 * Math.abs(da)));
            moved += Math.abs(db);
        }
        assertThat(moved).as("the step moved the weights").isGreaterThan(1e-4);
    }

    @Test
    void aNewL2PenaltyAddsItsGradientToTheNextStep() {
        // from the same weights, the step with L2 at rate r moves each weight by -lr * r * w more than the one without
        PlaygroundNetwork a = network(Map.of()), b = network(Map.of());
        a.trainBatch(0, 10);
        b.trainBatch(0, 10);
        float[] w1 = flat(a.weightValues());
        a.setTraining(a.settings().live(Map.of("reg", "l2", "regRate", "0.3")));
        a.trainBatch(10, 10);
        b.trainBatch(10, 10);
        float[] wa = flat(a.weightValues()), wb = flat(b.weightValues());
        for (int i = 0; i < w1.length; i++) assertThat((double) (wa[i] - wb[i])).as("weight " + i).isCloseTo(-0.03 * 0.3 * w1[i], within(2e-6));
    }

    @Test
    void aSessionKeepsItsWeightsAndEpochAcrossALearningRateChange() {
        PlaygroundSession s = new PlaygroundSession("s", PlaygroundSettings.defaults());
        s.command("step");
        s.advance(false);
        s.command("step");
        s.advance(false);
        PlaygroundNetwork before = s.network();
        float[] w = flat(before.weightValues());
        assertThat(before.epoch()).isEqualTo(2);

        s.update(s.settings().live(Map.of("lr", "0.1", "reg", "l1", "regRate", "0.001")));
        assertThat(s.settings().learningRate()).isEqualTo(0.1);
        String frame = s.advance(false); // applies the change, trains nothing (paused)
        assertThat(frame).contains("\"lr\":0.1").contains("\"reg\":\"l1\"").contains("\"regRate\":0.001").contains("\"epoch\":2");
        assertThat(s.network()).isSameAs(before);
        assertThat(flat(s.network().weightValues())).containsExactly(w);
        assertThat(s.network().learningRate()).isEqualTo(0.1);
        s.command("step");
        s.advance(false);
        assertThat(s.network().epoch()).isEqualTo(3);

        s.command("reset"); // a reset keeps the new rate
        s.advance(false);
        assertThat(s.network()).isNotSameAs(before);
        assertThat(s.network().epoch()).isZero();
        assertThat(s.network().learningRate()).isEqualTo(0.1);
        assertThat(s.network().settings().regularization()).isEqualTo("l1");
    }

    @Test
    void onlyTheLearningRateAndRegularisationChangeLiveAndTheyAreValidated() {
        PlaygroundSettings d = PlaygroundSettings.defaults();
        assertThatThrownBy(() -> d.live(Map.of("layers", "8,8"))).hasMessageContaining("layers").hasMessageContaining("new session");
        assertThatThrownBy(() -> d.live(Map.of("lr", "100"))).hasMessageContaining("lr: expected a number from");
        assertThatThrownBy(() -> d.live(Map.of("reg", "l3"))).hasMessageContaining("reg: 'l3' is not one of");
        assertThatThrownBy(() -> d.live(Map.of("regRate", "-1"))).hasMessageContaining("regRate");
        assertThatThrownBy(() -> d.live(Map.of("bogus", "1"))).hasMessageContaining("unknown setting 'bogus'");
        PlaygroundSession s = new PlaygroundSession("s", d);
        assertThatThrownBy(() -> s.update(PlaygroundSettings.parse(Map.of("dataset", "xor")))).isInstanceOf(IllegalArgumentException.class);
        assertThat(d.live(Map.of("lr", "0.3")).learningRate()).isEqualTo(0.3);
    }
}
