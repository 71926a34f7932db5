package org.nabla.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nabla.data.ArrayDataset;
import org.nabla.data.DataLoader;
import org.nabla.nn.Linear;
import org.nabla.nn.Module;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;
import org.nabla.train.Evaluation;

class EnsembleTest {
    /** A "classifier" whose logits are the columns [from, from + classes) of its input: each member reads its own block. */
    private static final class Columns extends Module {
        private final int from, classes;

        Columns(int from, int classes) {
            this.from = from;
            this.classes = classes;
        }

        @Override
        public Tensor forward(Tensor x) { return x.narrow(1, from, classes); }
    }

    private static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (float v : logits) max = Math.max(max, v);
        double[] p = new double[logits.length];
        for (int i = 0; i < p.length; i++) sum += p[i] = Math.exp(logits[i] - max);
        for (int i = 0; i < p.length; i++) p[i] /= sum;
        return p;
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    /** One row of logits per member, concatenated: the input of an ensemble of {@link Columns} members. */
    private static Tensor row(float[]... memberLogits) {
        int c = memberLogits[0].length;
        float[] x = new float[memberLogits.length * c];
        for (int m = 0; m < memberLogits.length; m++) System.arraycopy(memberLogits[m], 0, x, m * c, c);
        return Tensor.of(x, 1, x.length);
    }

    private static Ensemble columns(int members, int classes, Voting voting) {
        Module[] m = new Module[members];
        for (int i = 0; i < members; i++) m[i] = new Columns(i * classes, classes);
        return new Ensemble(List.of(m), voting);
    }

    @Test
    void softVotingIsTheMeanOfTheMembersProbabilities() {
        float[][] logits = {{2f, -1f, 0.5f, 0f}, {-3f, 4f, 1f, 0.25f}, {0f, 0f, 10f, -20f}};
        Tensor out = columns(3, 4, Voting.SOFT).call(row(logits));
        double[] mean = new double[4];
        for (float[] l : logits) {
            double[] p = softmax(l);
            for (int c = 0; c < 4; c++) mean[c] += p[c] / 3;
        }
        float[] probabilities = out.exp().toFloatArray();
        for (int c = 0; c < 4; c++) assertThat((double) probabilities[c]).isCloseTo(mean[c], within(1e-6));
    }

    @Test
    void hardVotingFollowsTheMajorityEvenAgainstTheMeanProbability() {
        // two members lean to class 0, one is sure of class 1: the mean probability prefers 1, the vote 0
        float[][] logits = {{0.1f, 0f}, {0.1f, 0f}, {0f, 9f}};
        Tensor x = row(logits);
        assertThat(columns(3, 2, Voting.SOFT).predict(x).toLongArray()).containsExactly(1);
        assertThat(columns(3, 2, Voting.HARD).predict(x).toLongArray()).containsExactly(0);
    }

    @Test
    void hardVotingBreaksATieByTheMeanProbabilityThenTheLowestClass() {
        Ensemble hard = columns(2, 3, Voting.HARD);
        // one vote each for classes 0 and 1; member 1 is surer of 1 than member 0 is of 0, so the mean probability picks 1
        assertThat(hard.predict(row(new float[] {1f, 0f, -5f}, new float[] {0f, 3f, -5f})).toLongArray()).containsExactly(1);
        // a mirrored tie: equal votes and equal mean probabilities, so the lower class index, 0
        assertThat(hard.predict(row(new float[] {2f, 0f, -5f}, new float[] {0f, 2f, -5f})).toLongArray()).containsExactly(0);
        // and the mirror of the first case goes to 0
        assertThat(hard.predict(row(new float[] {3f, 0f, -5f}, new float[] {0f, 1f, -5f})).toLongArray()).containsExactly(0);
    }

    @Test
    void bothVotingsGiveTheLogOfADistribution() {
        float[][] logits = {{1f, 2f, 3f}, {3f, 2f, 1f}, {0f, 50f, -50f}};
        for (Voting v : Voting.values()) {
            float[] p = columns(3, 3, v).call(row(logits)).exp().toFloatArray();
            assertThat((double) (p[0] + p[1] + p[2])).as(v.name()).isCloseTo(1, within(1e-6));
        }
        // hard: (votes + mean probability) / (members + 1)
        float[] hard = columns(3, 3, Voting.HARD).call(row(logits)).exp().toFloatArray();
        double[] mean = new double[3];
        for (float[] l : logits) {
            double[] p = softmax(l);
            for (int c = 0; c < 3; c++) mean[c] += p[c] / 3;
        }
        double[] votes = {0, 0, 0};
        for (float[] l : logits) votes[argmax(l)]++;
        for (int c = 0; c < 3; c++) assertThat((double) hard[c]).isCloseTo((votes[c] + mean[c]) / 4, within(1e-6));
    }

    @Test
    void evaluationGivesEachMembersAndTheEnsemblesAccuracy() {
        int n = 23, members = 3, classes = 4;
        Generator g = new Generator(5);
        float[] x = Tensor.randn(g, n, members * classes).mul(2).toFloatArray();
        long[] y = new long[n];
        for (int i = 0; i < n; i++) y[i] = (i * 7) % classes;
        // the members' correct counts and both votings' predictions, computed here from the logits
        int[] correct = new int[members];
        int softCorrect = 0, hardCorrect = 0;
        for (int i = 0; i < n; i++) {
            double[] mean = new double[classes], votes = new double[classes];
            for (int m = 0; m < members; m++) {
                float[] l = java.util.Arrays.copyOfRange(x, i * members * classes + m * classes, i * members * classes + (m + 1) * classes);
                if (argmax(l) == y[i]) correct[m]++;
                votes[argmax(l)]++;
                double[] p = softmax(l);
                for (int c = 0; c < classes; c++) mean[c] += p[c] / members;
            }
            if (argmax(mean) == y[i]) softCorrect++;
            double[] score = new double[classes];
            for (int c = 0; c < classes; c++) score[c] = votes[c] + mean[c];
            if (argmax(score) == y[i]) hardCorrect++;
        }
        ArrayDataset data = ArrayDataset.ofFloats("logits", x, y, members * classes);
        Ensemble ensemble = columns(members, classes, Voting.SOFT);
        EnsembleEvaluation e = EnsembleEvaluation.of(ensemble, DataLoader.builder(data).batchSize(5).build());

        assertThat(e.members()).hasSize(members);
        for (int m = 0; m < members; m++) {
            assertThat(e.members().get(m).accuracy()).isEqualTo((double) correct[m] / n);
            assertThat(e.members().get(m).samples()).isEqualTo(n);
        }
        assertThat(e.soft().accuracy()).isEqualTo((double) softCorrect / n);
        assertThat(e.hard().accuracy()).isEqualTo((double) hardCorrect / n);
        assertThat(e.meanMemberAccuracy()).isCloseTo((correct[0] + correct[1] + correct[2]) / (3.0 * n), within(1e-12));
        // the soft row's loss is the ensemble's own cross-entropy, as Evaluation of the ensemble module computes it
        Evaluation direct = Evaluation.of(new org.nabla.train.task.ClassificationTask(ensemble, null,
                        new org.nabla.nn.loss.CrossEntropyLoss()), DataLoader.builder(data).batchSize(5).build(),
                List.of(new org.nabla.metrics.Accuracy()));
        assertThat(e.soft().loss()).isCloseTo(direct.loss(), within(1e-5));
        assertThat(e.soft().accuracy()).isEqualTo(direct.accuracy());
    }

    @Test
    void isAModuleWithItsMembersAsChildrenInEvalMode() {
        Generator g = new Generator(1);
        Linear a = new Linear(3, 2, true, g), b = new Linear(3, 2, true, g);
        a.train();
        Ensemble e = Ensemble.soft(a, b);
        assertThat(e.isTraining()).isFalse();
        assertThat(a.isTraining()).isFalse();
        assertThat(e.stateDict().keySet()).containsExactly("members.0.weight", "members.0.bias", "members.1.weight", "members.1.bias");
        assertThat(e.withVoting(Voting.HARD).members()).containsExactly(a, b);
    }

    @Test
    void refusesNoMembersAndMembersThatDisagreeOnTheClasses() {
        assertThatThrownBy(() -> new Ensemble(List.of(), Voting.SOFT)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Ensemble: needs at least one member");
        Ensemble mismatched = Ensemble.soft(new Columns(0, 3), new Columns(0, 4));
        assertThatThrownBy(() -> mismatched.call(Tensor.zeros(2, 4))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Ensemble.combine: member 1 gives outputs of [2, 4], member 0 of [2, 3]");
    }
}
