package org.nabla.train.lrfind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nabla.data.DataLoader;
import org.nabla.data.Digits;
import org.nabla.nn.Flatten;
import org.nabla.nn.Linear;
import org.nabla.nn.Module;
import org.nabla.nn.Sequential;
import org.nabla.nn.activation.ReLU;
import org.nabla.nn.loss.CrossEntropyLoss;
import org.nabla.optim.SGD;
import org.nabla.tensor.Generator;

class LrRangeFinderTest {
    /** A loss flat at 2, falling fastest at rate 1e-2, bottoming out at 1e-1, then rising. */
    @Test
    void readsTheSteepestDescentOffACleanCurve() {
        int n = 81;
        double[] rates = new double[n], loss = new double[n];
        for (int i = 0; i < n; i++) {
            rates[i] = Math.pow(10, -6 + 7.0 * i / (n - 1)); // 1e-6 .. 10
            double t = Math.log10(rates[i]);
            loss[i] = t < -1 ? 2 - 1.5 / (1 + Math.exp(-3 * (t + 2))) : 0.5 + 2 * (t + 1) * (t + 1);
        }
        LrRangeFinder.Result r = LrRangeFinder.suggest(rates, loss, loss, false);
        assertThat(r.rule()).isEqualTo(LrRangeFinder.Rule.STEEPEST);
        assertThat(Math.log10(r.suggested())).isBetween(-2.2, -1.8);
        assertThat(Math.log10(r.minimum())).isBetween(-1.1, -0.9);
    }

    @Test
    void aCurveWithoutADescentFallsBackToTheMinimumOverTen() {
        double[] rates = {1e-3, 1e-2, 1e-1, 1, 10}, loss = {1.0, 0.99, 1.0, 1.5, 3};
        LrRangeFinder.Result r = LrRangeFinder.suggest(rates, loss, loss, true);
        assertThat(r.rule()).isEqualTo(LrRangeFinder.Rule.MIN_OVER_10);
        assertThat(r.suggested()).isEqualTo(1e-3);
    }

    @Test
    void aRealRampOnTheDigitsStopsOnDivergence() {
        Generator g = new Generator(0);
        Module m = new Sequential(new Flatten(), new Linear(64, 64, true, g), new ReLU(), new Linear(64, 10, true, g));
        SGD sgd = new SGD(m.parameters(), SGD.Options.defaults().withLr(0.1).withMomentum(0.9));
        DataLoader loader = DataLoader.builder(Digits.load().asDataset()).batchSize(32).shuffle(1).build();
        LrRangeFinder.Result r = LrRangeFinder.run(m, sgd, new CrossEntropyLoss(), loader, LrRangeFinder.Options.defaults().withRange(1e-5, 100, 100));
        assertThat(r.diverged()).isTrue();
        assertThat(r.rates()[r.rates().length - 1]).isGreaterThan(10 * r.suggested()); // it went well past the suggestion before stopping
        assertThat(r.suggested()).isBetween(1e-3, 1.0);
        assertThatThrownBy(() -> LrRangeFinder.Options.defaults().withRange(1, 0.5, 100)).hasMessageContaining("need 0 < start < end");
    }
}
