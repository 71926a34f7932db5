package org.nabla.explain.tsne;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nabla.testing.Fixtures;

/**
 * t-SNE of 500 of scikit-learn's digits scores a trustworthiness within 0.02 of scikit-learn's TSNE on the same data
 * (make_explain_fixtures.py), with either method; our trustworthiness equals scikit-learn's on its embedding.
 */
class TSneFixtureTest {
    private static Map<String, Object> doc;
    private static double[] x;
    private static int n, d, k;

    @BeforeAll
    static void load() {
        doc = Fixtures.load("/fixtures/tsne.json");
        n = Fixtures.integer(doc, "n");
        d = Fixtures.integer(doc, "d");
        k = Fixtures.integer(doc, "k");
        x = doubles(doc.get("x"));
    }

    @Test
    void trustworthinessEqualsScikitLearnsOnItsEmbedding() {
        double[] y = doubles(doc.get("embedding"));
        // not to the last bit: the digits' integer pixels tie many distances, which NumPy's argsort ranks in no set order
        assertThat(Trustworthiness.of(x, d, y, 2, n, k)).isCloseTo(Fixtures.num(doc, "embedding_trustworthiness"), within(2e-5));
    }

    @Test
    void exactTsneIsAsTrustworthyAsScikitLearns() {
        double[] y = TSne.defaults(2).withMethod(TSne.Method.EXACT).embed(x, n, d);
        assertThat(Trustworthiness.of(x, d, y, 2, n, k)).isCloseTo(Fixtures.num(doc, "trustworthiness_exact"), within(0.02));
    }

    @Test
    void barnesHutTsneIsAsTrustworthyAsScikitLearns() {
        double[] y = TSne.defaults(2).withMethod(TSne.Method.BARNES_HUT).embed(x, n, d);
        assertThat(Trustworthiness.of(x, d, y, 2, n, k)).isCloseTo(Fixtures.num(doc, "trustworthiness_barnes_hut"), within(0.02));
    }

    @Test
    void barnesHutRepulsionWithThetaZeroIsTheExactSum() {
        double[] y = {0, 0, 1, 0, 0, 2, -1.5, 0.5, 3, 3, 0.25, -0.75};
        int m = y.length / 2;
        QuadTree tree = new QuadTree(y, m);
        for (int i = 0; i < m; i++) {
            double z = 0, fx = 0, fy = 0;
            for (int j = 0; j < m; j++) {
                if (j == i) continue;
                double dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1], q = 1 / (1 + dx * dx + dy * dy);
                z += q;
                fx += q * q * dx;
                fy += q * q * dy;
            }
            double[] f = new double[2];
            assertThat(tree.repulsion(i, 0, f, tree.newStack())).isCloseTo(z, within(1e-12));
            assertThat(f[0]).isCloseTo(fx, within(1e-12));
            assertThat(f[1]).isCloseTo(fy, within(1e-12));
        }
    }

    @Test
    void refusesAPerplexityAsLargeAsTheSet() {
        assertThatThrownBy(() -> TSne.defaults(1).embed(new double[] {0, 1, 2, 3}, 4, 1))
                .hasMessageContaining("perplexity (30.0) must be less than the number of points (4)");
    }

    private static double[] doubles(Object list) {
        return ((List<?>) list).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    }
}
