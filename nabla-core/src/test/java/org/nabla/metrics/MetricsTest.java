package org.nabla.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nabla.data.Splits;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/** Hand-computed expectations, edge cases and error messages of the metrics. */
class MetricsTest {

    @Test
    void accuracyFromLabelsAndLogits() {
        assertThat(Classification.accuracy(new int[] {0, 1, 2, 2}, new int[] {0, 1, 1, 2})).isEqualTo(0.75);
        Tensor logits = Tensor.of(new double[][] {{2, 1, 0}, {0, 3, 1}, {1, 1, 0}});
        // Row 2 ties between 0 and 1: argmax takes the first, as torch.argmax.
        assertThat(Classification.accuracy(logits, Tensor.of(new long[] {0, 1, 0}, 3))).isEqualTo(1.0);
        assertThat(Classification.accuracy(Tensor.of(new int[] {1, 1}, 2), Tensor.of(new float[] {1, 0}, 2))).isEqualTo(0.5);
    }

    @Test
    void topKCountsHigherIndexFirstOnTies() {
        double[][] s = {{0.5, 0.5, 0.1}, {0.1, 0.2, 0.7}};
        // Sample 0: class 1 ranks before class 0 on the tie, so class 0 is in the top 2 but not the top 1.
        assertThat(Classification.topKAccuracy(s, new int[] {0, 1}, 1)).isEqualTo(0.0);
        assertThat(Classification.topKAccuracy(s, new int[] {0, 1}, 2)).isEqualTo(1.0);
        assertThat(Classification.topKError(s, new int[] {1, 0}, 2)).isEqualTo(0.5);
        assertThat(Classification.topKAccuracy(s, new int[] {0, 0}, 3)).isEqualTo(1.0);
    }

    @Test
    void errorsNameTheMetric() {
        assertThatThrownBy(() -> Classification.accuracy(new int[] {0, 1}, new int[] {0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("accuracy: predictions and targets differ in length: 2 vs 1");
        assertThatThrownBy(() -> Classification.topKAccuracy(new double[][] {{1, 2}}, new int[] {0}, 3))
                .hasMessage("top-3 accuracy: k must be in [1, 2] (number of classes), got 3");
        assertThatThrownBy(() -> Classification.topKAccuracy(new double[][] {{1, 2}}, new int[] {2}, 1))
                .hasMessage("top-1 accuracy: target label 2 at index 0 is out of range [0, 2)");
        assertThatThrownBy(() -> ConfusionMatrix.of(new int[] {0, 3}, new int[] {0, 1}, 3))
                .hasMessage("confusion matrix: predicted label 3 at index 1 is out of range [0, 3)");
        assertThatThrownBy(() -> ConfusionMatrix.of(new int[] {0, 1}, new int[] {-1, 1}, 3))
                .hasMessage("confusion matrix: target label -1 at index 0 is out of range [0, 3)");
        assertThatThrownBy(() -> Classification.accuracy(Tensor.of(new double[] {0.5}, 1), Tensor.of(new int[] {0}, 1)))
                .hasMessage("accuracy: labels must be whole numbers, got 0.5 at index 0");
        assertThatThrownBy(() -> Classification.topKAccuracy(Tensor.zeros(2, 3, 4), Tensor.zeros(2), 1))
                .hasMessage("top-1 accuracy: expected scores [N, C], got [2, 3, 4]");
        assertThatThrownBy(() -> Curves.roc(new double[] {0.1, 0.2}, new int[] {1, 1}))
                .hasMessage("roc curve: needs both positive and negative samples, got 2 positive and 0 negative");
        assertThatThrownBy(() -> Curves.roc(new double[] {0.1, 0.2}, new int[] {1, 2}))
                .hasMessage("roc curve: binary labels must be 0 or 1, got 2 at index 1");
        assertThatThrownBy(() -> Curves.averagePrecision(new double[] {0.1}, new int[] {0, 1}))
                .hasMessage("precision-recall curve: predictions and targets differ in length: 1 vs 2");
        assertThatThrownBy(() -> Curves.rocAucOvr(new double[][] {{0.5, 0.5}, {0.2, 0.8}}, new int[] {1, 1}))
                .hasMessageStartingWith("one-vs-rest roc auc: class 0: roc curve: needs both positive and negative samples");
        assertThatThrownBy(() -> new MetricAccumulator(3, 1, 5))
                .hasMessage("MetricAccumulator: top-5 accuracy needs k in [1, 3] (number of classes)");
    }

    @Test
    void confusionMatrixCountsAndPrints() {
        ConfusionMatrix cm = ConfusionMatrix.of(new int[] {0, 1, 1, 2, 0, 2}, new int[] {0, 1, 2, 2, 1, 2});
        assertThat(cm.numClasses()).isEqualTo(3);
        assertThat(cm.counts()).isDeepEqualTo(new long[][] {{1, 0, 0}, {1, 1, 0}, {0, 1, 2}});
        assertThat(cm.total()).isEqualTo(6);
        assertThat(cm.accuracy()).isCloseTo(4 / 6.0, within(1e-15));
        assertThat(cm.precision()).containsExactly(0.5, 0.5, 1.0);
        assertThat(cm.recall()).containsExactly(1.0, 0.5, 2 / 3.0);
        assertThat(cm.toString()).isEqualTo(String.join("\n",
                "true\\pred     0    1    2",
                "0             1    0    0",
                "1             1    1    0",
                "2             0    1    2"));
    }

    @Test
    void zeroDivisionGivesZero() {
        // Class 2 is never predicted nor present; class 1 is predicted but never true.
        ConfusionMatrix cm = ConfusionMatrix.of(new int[] {0, 1}, new int[] {0, 0}, 3);
        assertThat(cm.precision()).containsExactly(1.0, 0.0, 0.0);
        assertThat(cm.recall()).containsExactly(0.5, 0.0, 0.0);
        assertThat(cm.f1()).containsExactly(2 / 3.0, 0.0, 0.0);
        assertThat(cm.f1(Average.MACRO)).isCloseTo(2 / 9.0, within(1e-15));
        assertThat(cm.f1(Average.WEIGHTED)).isCloseTo(2 / 3.0, within(1e-15));
        assertThat(cm.precision(Average.MICRO)).isEqualTo(0.5);
    }

    @Test
    void aucByTrapezoids() {
        assertThat(Curves.auc(new double[] {0, 0.5, 1}, new double[] {0, 1, 1})).isEqualTo(0.75);
        assertThat(Curves.auc(new double[] {1, 0.5, 0}, new double[] {1, 1, 0})).isEqualTo(0.75);
        assertThatThrownBy(() -> Curves.auc(new double[] {0, 1, 0.5}, new double[] {0, 1, 1}))
                .hasMessage("auc: x is neither increasing nor decreasing");
        // Perfect separation and a perfectly wrong ranking.
        assertThat(Curves.rocAuc(new double[] {0.1, 0.2, 0.8, 0.9}, new int[] {0, 0, 1, 1})).isEqualTo(1.0);
        assertThat(Curves.rocAuc(new double[] {0.1, 0.2, 0.8, 0.9}, new int[] {1, 1, 0, 0})).isEqualTo(0.0);
        // All scores tied: the diagonal.
        assertThat(Curves.rocAuc(new double[] {0.3, 0.3, 0.3}, new int[] {0, 1, 1})).isEqualTo(0.5);
        assertThat(Curves.averagePrecision(new double[] {0.1, 0.4, 0.35, 0.8}, new int[] {0, 0, 1, 1}))
                .isCloseTo(0.8333333333333333, within(1e-15)); // scikit-learn's docstring example
    }

    @Test
    void segmentationIgnoresTheIgnoreIndex() {
        int[] target = {0, 0, 1, 1, 255, 2, 2, 2};
        int[] pred   = {0, 1, 1, 1, 0,   2, 0, 2};
        Segmentation seg = new Segmentation(4, 255).add(pred, target);
        // Class 0: TP 1, FP 1 (pixel 6), FN 1 -> 1/3; class 1: TP 2, FP 1 -> 2/3; class 2: TP 2, FN 1 -> 2/3; class 3 absent.
        double[] iou = seg.iou();
        assertThat(iou[0]).isCloseTo(1 / 3.0, within(1e-15));
        assertThat(iou[1]).isCloseTo(2 / 3.0, within(1e-15));
        assertThat(iou[2]).isCloseTo(2 / 3.0, within(1e-15));
        assertThat(iou[3]).isNaN();
        assertThat(seg.meanIou()).isCloseTo(5 / 9.0, within(1e-15));
        assertThat(seg.pixelAccuracy()).isCloseTo(5 / 7.0, within(1e-15));
        assertThat(seg.confusionMatrix().total()).isEqualTo(7);
        assertThatThrownBy(() -> new Segmentation(3, 255).add(new int[] {0}, new int[] {7}))
                .hasMessage("segmentation metrics: target label 7 at index 0 is out of range [0, 3) (ignore index 255)");
    }

    @Test
    void segmentationFromScoreMaps() {
        // Scores [1, 2, 2, 2] over 2 classes; target [1, 2, 2].
        Tensor scores = Tensor.of(new float[] {1, 0, 0, 1, 0, 1, 1, 0}, 1, 2, 2, 2);
        Tensor target = Tensor.of(new long[] {0, 0, 1, -1}, 1, 2, 2);
        Segmentation seg = new Segmentation(2, -1).add(scores, target);
        // Predicted [[0, 1], [1, 0]]; the last pixel is ignored.
        assertThat(seg.pixelAccuracy()).isEqualTo(2 / 3.0);
        assertThat(Segmentation.meanIou(new int[] {0, 1}, new int[] {0, 1}, 2, -1)).isEqualTo(1.0);
        assertThatThrownBy(() -> new Segmentation(2).add(Tensor.zeros(1, 3, 3), target))
                .hasMessageStartingWith("segmentation metrics: predictions [1, 3, 3] must match the target [1, 2, 2]");
    }

    @Test
    void shuffledFoldsPartitionAndStratify() {
        long[] labels = new long[30];
        for (int i = 0; i < 30; i++) labels[i] = i < 20 ? 0 : 1;
        List<Splits.Fold> folds = Splits.stratifiedKFold(labels, 5, new Generator(7));
        boolean[] seen = new boolean[30];
        for (Splits.Fold f : folds) {
            assertThat(f.test()).hasSize(6);
            assertThat(f.train()).hasSize(24);
            assertThat(Arrays.stream(f.test()).filter(i -> labels[i] == 1).count()).isEqualTo(2);
            for (int i : f.test()) {
                assertThat(seen[i]).isFalse();
                seen[i] = true;
            }
        }
        assertThat(Splits.stratifiedKFold(labels, 5, new Generator(7)).get(2).test()).containsExactly(folds.get(2).test());
        assertThat(Splits.kFold(30, 4, new Generator(1)).get(0).test()).isNotEqualTo(Splits.kFold(30, 4).get(0).test()).hasSize(8);
        assertThatThrownBy(() -> Splits.kFold(3, 4)).hasMessage("k-fold: k=4 is more than the 3 samples");
        assertThatThrownBy(() -> Splits.stratifiedKFold(new long[] {0, 0, 1, 1, 2}, 3))
                .hasMessage("stratified k-fold: k=3 is more than the members of every class (largest class: 2)");
    }

    @Test
    void crossValidationRunsEachFold() {
        CrossValidation.Result r = CrossValidation.run(Splits.kFold(10, 4), f -> f.test().length);
        assertThat(r.scores()).containsExactly(3, 3, 2, 2);
        assertThat(r.mean()).isEqualTo(2.5);
        assertThat(r.std()).isEqualTo(0.5);
        assertThat(r.sampleStd()).isCloseTo(Math.sqrt(1 / 3.0), within(1e-15));
        assertThat(r.toString()).startsWith("2.5000 ± 0.5000 over 4 folds");
    }

    @Test
    void studentTTextbookValues() {
        // Two-sided 5% critical values from the t table: 12.706 (df 1), 2.228 (df 10), 1.960 (df infinity).
        assertThat(StudentT.twoSidedP(12.706, 1)).isCloseTo(0.05, within(1e-4));
        assertThat(StudentT.twoSidedP(2.228, 10)).isCloseTo(0.05, within(1e-4));
        assertThat(StudentT.twoSidedP(1.95996, 1e7)).isCloseTo(0.05, within(1e-5));
        // df = 1 is the Cauchy distribution: cdf(t) = 1/2 + atan(t)/pi.
        for (double t : new double[] {-4, -0.3, 0, 0.7, 25}) {
            assertThat(StudentT.cdf(t, 1)).isCloseTo(0.5 + Math.atan(t) / Math.PI, within(1e-14));
        }
        // df = 2: cdf(t) = 1/2 + t / (2 sqrt(2 + t^2)).
        assertThat(StudentT.cdf(1.5, 2)).isCloseTo(0.5 + 1.5 / (2 * Math.sqrt(4.25)), within(1e-14));
        assertThat(StudentT.logGamma(10)).isCloseTo(Math.log(362880), within(1e-12));
        assertThat(StudentT.logGamma(0.5)).isCloseTo(Math.log(Math.sqrt(Math.PI)), within(1e-14));
        assertThat(StudentT.cdf(Double.POSITIVE_INFINITY, 3)).isEqualTo(1.0);
        assertThatThrownBy(() -> StudentT.cdf(1, 0)).hasMessage("Student t cdf: degrees of freedom must be positive, got 0.0");
    }

    @Test
    void tTestEdgeCases() {
        TTest.Result same = TTest.paired(new double[] {1, 2, 3}, new double[] {1, 2, 3});
        assertThat(same.t()).isNaN();
        assertThat(same.pValue()).isNaN();
        TTest.Result shifted = TTest.paired(new double[] {2, 3, 4}, new double[] {1, 2, 3});
        assertThat(shifted.t()).isInfinite();
        assertThat(shifted.pValue()).isZero();
        assertThat(shifted.significant(0.05)).isTrue();
        // Welch with equal sizes and variances has df = 2n - 2 and the pooled t.
        TTest.Result w = TTest.welch(new double[] {1, 2, 3, 4}, new double[] {2, 3, 4, 5});
        assertThat(w.df()).isCloseTo(6, within(1e-12));
        assertThat(w.t()).isCloseTo(-1 / Math.sqrt(2 * (5 / 3.0) / 4), within(1e-12));
        assertThat(w.toString()).startsWith("t = -1.0954, df = 6.000, p = ");
        assertThatThrownBy(() -> TTest.paired(new double[] {1, 2}, new double[] {1}))
                .hasMessage("paired t-test: samples differ in length: 2 vs 1");
        assertThatThrownBy(() -> TTest.welch(new double[] {1}, new double[] {1, 2}))
                .hasMessage("Welch t-test: each sample needs at least 2 values, got 1 and 2");
    }

    @Test
    void accumulatorMatchesWholeEpoch() {
        Generator gen = new Generator(3);
        int n = 50, c = 5;
        Tensor scores = Tensor.randn(gen, n, c);
        Tensor target = Tensor.randint(gen, 0, c, n);
        MetricAccumulator acc = new MetricAccumulator(c, 1, 3);
        for (int start = 0; start < n; start += 16) {
            int len = Math.min(16, n - start);
            acc.add(scores.narrow(0, start, len), target.narrow(0, start, len));
            acc.addLoss(start, len);
        }
        assertThat(acc.count()).isEqualTo(n);
        assertThat(acc.accuracy()).isEqualTo(Classification.accuracy(scores, target));
        assertThat(acc.topKAccuracy(3)).isEqualTo(Classification.topKAccuracy(scores, target, 3));
        assertThat(acc.confusionMatrix().counts()).isDeepEqualTo(ConfusionMatrix.of(scores, target, c).counts());
        assertThat(acc.loss()).isCloseTo((0 * 16 + 16 * 16 + 32 * 16 + 48 * 2) / 50.0, within(1e-12));
        Map<String, Double> summary = acc.summary();
        assertThat(summary.keySet()).containsExactly("loss", "accuracy", "top1_accuracy", "top3_accuracy",
                "precision_macro", "recall_macro", "f1_macro");
        assertThatThrownBy(() -> acc.topKAccuracy(2)).hasMessage("MetricAccumulator: top-2 accuracy is not tracked; tracked k: [1, 3]");
        assertThatThrownBy(() -> acc.add(Tensor.zeros(2, 4), Tensor.zeros(2)))
                .hasMessage("MetricAccumulator: expected scores [N, 5], got [2, 4]");
        acc.reset();
        assertThat(acc.count()).isZero();
        assertThat(acc.loss()).isNaN();
    }
}
