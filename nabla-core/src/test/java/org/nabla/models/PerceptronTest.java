package org.nabla.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

class PerceptronTest {
    /** The separating line 2 x1 - x2 + 0.3 = 0, as augmented weights. */
    private static final double[] U = {2, -1, 0.3};

    /** n points uniform in [-1, 1]^2, labelled by the side of U they lie on, none within 0.1 of the line. */
    private static double[][] separable(long seed, int n) {
        Generator g = new Generator(seed);
        double[][] data = new double[n][];
        for (int i = 0; i < n; ) {
            double x1 = 2 * g.nextDouble() - 1, x2 = 2 * g.nextDouble() - 1;
            double a = U[0] * x1 + U[1] * x2 + U[2];
            if (Math.abs(a) < 0.1) continue;
            data[i++] = new double[] {x1, x2, Math.signum(a)};
        }
        return data;
    }

    private static Tensor inputs(double[][] d) {
        double[][] x = new double[d.length][];
        for (int i = 0; i < d.length; i++) x[i] = new double[] {d[i][0], d[i][1]};
        return Tensor.of(x);
    }

    private static Tensor labels(double[][] d) {
        double[] y = new double[d.length];
        for (int i = 0; i < d.length; i++) y[i] = d[i][2];
        return Tensor.of(y, d.length);
    }

    @Test
    void separatesALinearlySeparableSetWithinNovikoffsBound() {
        double[][] d = separable(42, 200);
        Tensor x = inputs(d), y = labels(d);
        Perceptron p = new Perceptron(2);
        Perceptron.Result r = p.fit(x, y, 1.0, 1000);

        assertThat(r.converged()).isTrue();
        assertThat(r.epochs()).isLessThan(1000).isEqualTo(r.mistakesPerEpoch().size());
        assertThat(r.mistakesPerEpoch().get(r.epochs() - 1)).isZero();
        assertThat(r.mistakesPerEpoch().get(0)).isPositive();
        assertThat(p.predict(x).toDoubleArray()).containsExactly(y.toDoubleArray()); // zero training errors
        assertThat(r.weights().toDoubleArray()).containsExactly(p.weights().toDoubleArray());

        // Novikoff: updates <= (R / gamma)^2, R the largest |[x, 1]|, gamma the margin of the unit separator U / |U|.
        double norm = Math.sqrt(U[0] * U[0] + U[1] * U[1] + U[2] * U[2]), radius = 0, margin = Double.MAX_VALUE;
        for (double[] s : d) {
            radius = Math.max(radius, Math.sqrt(s[0] * s[0] + s[1] * s[1] + 1));
            margin = Math.min(margin, s[2] * (U[0] * s[0] + U[1] * s[1] + U[2]) / norm);
        }
        int updates = r.mistakesPerEpoch().stream().mapToInt(Integer::intValue).sum();
        assertThat((double) updates).isLessThanOrEqualTo(Math.pow(radius / margin, 2));
    }

    @Test
    void reportsThatItDoesNotConvergeOnXor() {
        Tensor x = Tensor.of(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
        Tensor y = Tensor.of(new double[] {-1, 1, 1, -1}, 4);
        Perceptron p = new Perceptron(2);
        Perceptron.Result r = p.fit(x, y, 0.5, 50);

        assertThat(r.converged()).isFalse();
        assertThat(r.epochs()).isEqualTo(50);
        assertThat(r.mistakesPerEpoch()).hasSize(50).allSatisfy(m -> assertThat(m).isPositive());
        double[] predicted = p.predict(x).toDoubleArray(), expected = y.toDoubleArray();
        int errors = 0;
        for (int i = 0; i < 4; i++) if (predicted[i] != expected[i]) errors++;
        assertThat(errors).isPositive();
    }

    @Test
    void updatesOnlyOnMistakesWithTheBiasFoldedIn() {
        // From w = 0: sample 1 (activation 0, a mistake) gives w = lr * y * [x, 1] = 0.5 * [1, 2, 1];
        // sample 2: w . [2, 1, 1] = 2.5 > 0 and y = +1, correct, no update; sample 3: 0.5 * (-1 - 1 + 1) < 0 with y = -1, correct.
        Tensor x = Tensor.of(new double[][] {{1, 2}, {2, 1}, {-1, -1}});
        Tensor y = Tensor.of(new double[] {1, 1, -1}, 3);
        Perceptron p = new Perceptron(2);
        Perceptron.Result r = p.fit(x, y, 0.5, 1);
        assertThat(r.mistakesPerEpoch()).containsExactly(1);
        assertThat(r.converged()).isFalse();
        assertThat(p.weights().toDoubleArray()).containsExactly(0.5, 1, 0.5);
        // the next epoch makes no mistake
        assertThat(p.fit(x, y, 0.5, 10)).satisfies(next -> {
            assertThat(next.converged()).isTrue();
            assertThat(next.mistakesPerEpoch()).containsExactly(0);
        });
        assertThat(new Perceptron(2).predict(x).toDoubleArray()).containsExactly(0, 0, 0); // on the boundary: no decision
    }

    @Test
    void badInputsAreNamed() {
        Perceptron p = new Perceptron(2);
        assertThatThrownBy(() -> p.predict(Tensor.zeros(4, 3))).hasMessage("Perceptron(features=2): expected inputs [N, 2], got [4, 3]");
        assertThatThrownBy(() -> p.fit(Tensor.zeros(3, 2), Tensor.of(new double[] {1, 0, -1}, 3), 1, 10))
                .hasMessage("Perceptron(features=2): labels must be -1 or +1, got 0.0 at index 1");
        assertThatThrownBy(() -> p.fit(Tensor.zeros(3, 2), Tensor.ones(2), 1, 10))
                .hasMessage("Perceptron(features=2): expected labels [3] for inputs [3, 2], got [2]");
    }
}
