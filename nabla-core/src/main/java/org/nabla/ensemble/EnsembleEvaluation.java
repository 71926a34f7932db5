package org.nabla.ensemble;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.nabla.autograd.GradMode;
import org.nabla.data.Batch;
import org.nabla.data.DataLoader;
import org.nabla.metrics.Accuracy;
import org.nabla.nn.Module;
import org.nabla.nn.loss.CrossEntropyLoss;
import org.nabla.nn.loss.Reduction;
import org.nabla.tensor.Tensor;
import org.nabla.train.Evaluation;

/**
 * Each member's and the ensemble's (soft and hard voting) mean cross-entropy and accuracy on a loader's samples, in
 * one pass: every member runs once per batch and both votings combine the same outputs. Runs in eval mode without
 * gradients; the members' modes are restored afterwards.
 *
 * @param members each member's evaluation, in member order
 * @param soft    the ensemble's with soft voting
 * @param hard    the ensemble's with hard voting (its loss is that of the vote distribution {@link Ensemble} describes)
 */
public record EnsembleEvaluation(List<Evaluation> members, Evaluation soft, Evaluation hard) {
    public EnsembleEvaluation {
        members = List.copyOf(members);
    }

    /** The evaluation of {@code voting}. */
    public Evaluation of(Voting voting) { return voting == Voting.SOFT ? soft : hard; }

    /** The highest member accuracy. */
    public double bestMemberAccuracy() { return members.stream().mapToDouble(Evaluation::accuracy).max().orElse(Double.NaN); }

    /** The members' mean accuracy. */
    public double meanMemberAccuracy() { return members.stream().mapToDouble(Evaluation::accuracy).average().orElse(Double.NaN); }

    /** Evaluates {@code ensemble}'s members and both votings on every batch of {@code loader} (inputs x, class targets y). */
    public static EnsembleEvaluation of(Ensemble ensemble, DataLoader loader) {
        int m = ensemble.size();
        Score[] members = new Score[m];
        for (int i = 0; i < m; i++) members[i] = new Score();
        Score soft = new Score(), hard = new Score();
        Map<Module, Boolean> modes = new IdentityHashMap<>();
        for (Module member : ensemble.members()) modes.put(member, member.isTraining());
        boolean ensembleMode = ensemble.isTraining();
        ensemble.eval();
        try (var noGrad = GradMode.noGrad(); DataLoader.Epoch batches = loader.iterator()) {
            while (batches.hasNext()) {
                Batch b = batches.next();
                List<Tensor> outputs = ensemble.memberOutputs(b.x());
                for (int i = 0; i < m; i++) members[i].add(outputs.get(i), b.y());
                soft.add(Ensemble.combine(outputs, Voting.SOFT), b.y());
                hard.add(Ensemble.combine(outputs, Voting.HARD), b.y());
            }
        } finally {
            ensemble.train(ensembleMode);
            modes.forEach(Module::train);
        }
        if (soft.samples == 0) throw new IllegalArgumentException("EnsembleEvaluation: the loader yields no samples");
        List<Evaluation> each = new ArrayList<>(m);
        for (Score s : members) each.add(s.evaluation());
        return new EnsembleEvaluation(each, soft.evaluation(), hard.evaluation());
    }

    /** Running cross-entropy sum and accuracy of one set of outputs. */
    private static final class Score {
        private static final CrossEntropyLoss LOSS = new CrossEntropyLoss(Reduction.SUM);
        private final Accuracy accuracy = new Accuracy();
        private double lossSum;
        private long samples;

        void add(Tensor output, Tensor target) {
            lossSum += LOSS.call(output, target).item();
            samples += target.size(0);
            accuracy.update(output, target);
        }

        Evaluation evaluation() { return new Evaluation(lossSum / samples, Map.of("accuracy", accuracy.compute()), samples); }
    }
}
