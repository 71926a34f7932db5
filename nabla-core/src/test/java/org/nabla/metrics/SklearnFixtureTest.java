package org.nabla.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nabla.data.Splits;
import org.nabla.io.Json;
import org.nabla.tensor.Tensor;

/** Metrics against scikit-learn 1.2.1 and SciPy 1.10.1 values written by fixtures/make_metric_fixtures.py. */
class SklearnFixtureTest {
    private static final double TOL = 1e-12;
    private static Map<String, Object> root;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = SklearnFixtureTest.class.getResourceAsStream("/fixtures/metrics.json")) {
            root = Json.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> obj(Map<String, Object> m, String key) { return (Map<String, Object>) m.get(key); }

    @SuppressWarnings("unchecked")
    static double[] doubles(Object o) {
        List<Object> l = (List<Object>) o;
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) out[i] = (Double) l.get(i);
        return out;
    }

    static int[] ints(Object o) {
        double[] d = doubles(o);
        int[] out = new int[d.length];
        for (int i = 0; i < d.length; i++) out[i] = (int) d[i];
        return out;
    }

    static double num(Map<String, Object> m, String key) { return (Double) m.get(key); }

    static double[][] rows(double[] flat, int n, int c) {
        double[][] r = new double[n][c];
        for (int i = 0; i < n; i++) System.arraycopy(flat, i * c, r[i], 0, c);
        return r;
    }

    @Test
    void classificationMatchesSklearn() {
        Map<String, Object> cls = obj(root, "classification");
        int n = (int) num(cls, "n"), c = (int) num(cls, "c");
        double[] flat = doubles(cls.get("scores"));
        double[][] scores = rows(flat, n, c);
        int[] target = ints(cls.get("target"));
        Tensor scoreT = Tensor.of(flat, n, c);
        Tensor targetT = Tensor.of(target, n);

        assertThat(Inputs.argmaxRows(scores)).containsExactly(ints(cls.get("pred")));
        assertThat(Classification.accuracy(scoreT, targetT)).isCloseTo(num(cls, "accuracy"), within(TOL));
        Map<String, Object> topK = obj(cls, "top_k");
        for (int k = 1; k <= 3; k++) {
            assertThat(Classification.topKAccuracy(scores, target, k)).as("top-%d", k).isCloseTo((Double) topK.get("" + k), within(TOL));
            assertThat(Classification.topKError(scoreT, targetT, k)).isCloseTo(1 - (Double) topK.get("" + k), within(TOL));
        }

        ConfusionMatrix cm = ConfusionMatrix.of(scoreT, targetT, c);
        int[] expected = ints(cls.get("confusion"));
        for (int t = 0; t < c; t++) for (int p = 0; p < c; p++) assertThat(cm.get(t, p)).isEqualTo(expected[t * c + p]);
        assertThat(cm.precision()).containsExactly(doubles(cls.get("precision")), within(TOL));
        assertThat(cm.recall()).containsExactly(doubles(cls.get("recall")), within(TOL));
        assertThat(cm.f1()).containsExactly(doubles(cls.get("f1")), within(TOL));
        assertThat(cm.support()).containsExactly(java.util.Arrays.stream(ints(cls.get("support"))).asLongStream().toArray());
        for (Average avg : Average.values()) {
            Map<String, Object> e = obj(cls, avg.name().toLowerCase());
            assertThat(cm.precision(avg)).as("precision %s", avg).isCloseTo(num(e, "precision"), within(TOL));
            assertThat(cm.recall(avg)).as("recall %s", avg).isCloseTo(num(e, "recall"), within(TOL));
            assertThat(cm.f1(avg)).as("f1 %s", avg).isCloseTo(num(e, "f1"), within(TOL));
        }

        double[][] probs = rows(doubles(cls.get("probs")), n, c);
        assertThat(Curves.rocAucOvr(probs, target)).isCloseTo(num(cls, "roc_auc_ovr"), within(TOL));
    }

    @Test
    void curvesMatchSklearn() {
        Map<String, Object> b = obj(root, "binary");
        double[] scores = doubles(b.get("scores"));
        int[] target = ints(b.get("target"));
        Curves.Roc roc = Curves.roc(Tensor.of(scores, scores.length), Tensor.of(target, target.length));
        assertThat(roc.fpr()).containsExactly(doubles(b.get("fpr")), within(TOL));
        assertThat(roc.tpr()).containsExactly(doubles(b.get("tpr")), within(TOL));
        assertThat(roc.thresholds()).containsExactly(doubles(b.get("thresholds")), within(TOL));
        assertThat(roc.auc()).isCloseTo(num(b, "roc_auc"), within(TOL));
        assertThat(Curves.rocAuc(scores, target)).isCloseTo(num(b, "roc_auc"), within(TOL));

        Curves.PrecisionRecall pr = Curves.precisionRecall(scores, target);
        assertThat(pr.precision()).containsExactly(doubles(b.get("pr_precision")), within(TOL));
        assertThat(pr.recall()).containsExactly(doubles(b.get("pr_recall")), within(TOL));
        assertThat(pr.thresholds()).containsExactly(doubles(b.get("pr_thresholds")), within(TOL));
        assertThat(Curves.averagePrecision(scores, target)).isCloseTo(num(b, "average_precision"), within(TOL));
    }

    @Test
    @SuppressWarnings("unchecked")
    void foldsMatchSklearnWithoutShuffling() {
        Map<String, Object> f = obj(root, "folds");
        int n = (int) num(f, "n"), k = (int) num(f, "k");
        List<Object> plain = (List<Object>) f.get("kfold"), strat = (List<Object>) f.get("stratified");
        List<Splits.Fold> folds = Splits.kFold(n, k);
        List<Splits.Fold> sfolds = Splits.stratifiedKFold(Arrays.stream(ints(f.get("labels"))).asLongStream().toArray(), k);
        for (int i = 0; i < k; i++) {
            assertThat(folds.get(i).test()).as("fold %d", i).containsExactly(ints(plain.get(i)));
            assertThat(sfolds.get(i).test()).as("stratified fold %d", i).containsExactly(ints(strat.get(i)));
        }
    }

    @Test
    void tTestsMatchScipy() {
        Map<String, Object> t = obj(root, "ttest");
        double[] a = doubles(t.get("a")), b = doubles(t.get("b")), bw = doubles(t.get("b_welch"));
        TTest.Result paired = TTest.paired(a, b);
        Map<String, Object> e = obj(t, "paired");
        assertThat(paired.t()).isCloseTo(num(e, "t"), within(1e-9));
        assertThat(paired.df()).isEqualTo(num(e, "df"));
        assertThat(paired.pValue()).isCloseTo(num(e, "p"), within(1e-12));
        TTest.Result welch = TTest.welch(a, bw);
        e = obj(t, "welch");
        assertThat(welch.t()).isCloseTo(num(e, "t"), within(1e-9));
        assertThat(welch.df()).isCloseTo(num(e, "df"), within(1e-9));
        assertThat(welch.pValue()).isCloseTo(num(e, "p"), within(1e-12));
    }

    @Test
    @SuppressWarnings("unchecked")
    void studentTAndIncompleteBetaMatchScipy() {
        for (Object o : (List<Object>) root.get("t_cdf")) {
            double[] r = doubles(o);
            assertThat(StudentT.cdf(r[0], r[1])).as("t cdf(%s, df=%s)", r[0], r[1]).isCloseTo(r[2], within(1e-13));
        }
        for (Object o : (List<Object>) root.get("betainc")) {
            double[] r = doubles(o);
            assertThat(StudentT.incompleteBeta(r[0], r[1], r[2])).as("I_%s(%s, %s)", r[2], r[0], r[1]).isCloseTo(r[3], within(1e-13));
        }
    }
}
