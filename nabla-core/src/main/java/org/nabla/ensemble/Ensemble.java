package org.nabla.ensemble;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nabla.nn.Module;
import org.nabla.nn.ModuleList;
import org.nabla.nn.Submodule;
import org.nabla.tensor.Tensor;

/**
 * Classifiers trained apart, combined into one model: each member maps the same input to class scores (logits)
 * [N, C], and the ensemble's output is the log of a distribution over the C classes whose argmax is its prediction,
 * so it drops in wherever a classifier's logits go (cross-entropy, accuracy, {@code Evaluation}).
 * <ul>
 *   <li>{@link Voting#SOFT}: log of the mean of the members' softmax probabilities;</li>
 *   <li>{@link Voting#HARD}: log of (votes + mean probability) / (M + 1), where votes counts the members whose
 *   argmax is the class: the majority wins, a tie in the vote goes to the higher mean probability, then to the
 *   lowest class index (argmax's first maximum). Only the mean probability carries a gradient.</li>
 * </ul>
 * Members are children named {@code members.0}, {@code members.1}, ...; the ensemble starts in eval mode (its
 * members are trained models: dropout off, batch norm on its running statistics).
 */
public final class Ensemble extends Module {
    private final Submodule<ModuleList> members;
    private final Voting voting;

    public Ensemble(List<? extends Module> members, Voting voting) {
        if (members.isEmpty()) throw new IllegalArgumentException("Ensemble: needs at least one member");
        if (voting == null) throw new IllegalArgumentException("Ensemble: voting is null");
        ModuleList list = new ModuleList();
        for (Module m : members) list.add(m);
        this.members = registerModule("members", ModuleList.class, list);
        this.voting = voting;
        eval();
    }

    /** Soft voting over {@code members}. */
    public static Ensemble soft(Module... members) { return new Ensemble(List.of(members), Voting.SOFT); }

    /** Hard voting over {@code members}. */
    public static Ensemble hard(Module... members) { return new Ensemble(List.of(members), Voting.HARD); }

    /** The same members combined by {@code other} voting. */
    public Ensemble withVoting(Voting other) { return new Ensemble(members(), other); }

    public Voting voting() { return voting; }

    /** The members in order. */
    public List<Module> members() { return members.get().modules(); }

    public int size() { return members.get().size(); }

    /** Each member's class scores for {@code x}, in member order. */
    public List<Tensor> memberOutputs(Tensor x) {
        List<Tensor> out = new ArrayList<>(size());
        for (Module m : members.get()) out.add(m.call(x));
        return out;
    }

    @Override
    public Tensor forward(Tensor x) { return combine(memberOutputs(x), voting); }

    /** The predicted class of each row of {@code x} [N]. */
    public Tensor predict(Tensor x) { return call(x).argmax(1, false); }

    /**
     * Combines the members' scores [N, C] (the same shape for every member) by {@code voting}: the log of the
     * ensemble's class distribution, [N, C].
     */
    public static Tensor combine(List<Tensor> outputs, Voting voting) {
        if (outputs.isEmpty()) throw new IllegalArgumentException("Ensemble.combine: no member outputs");
        int[] shape = outputs.getFirst().shape();
        if (shape.length != 2) throw new IllegalArgumentException("Ensemble.combine: expected member outputs [N, C], got " + Arrays.toString(shape));
        for (int i = 1; i < outputs.size(); i++)
            if (!Arrays.equals(outputs.get(i).shape(), shape))
                throw new IllegalArgumentException("Ensemble.combine: member " + i + " gives outputs of " + Arrays.toString(outputs.get(i).shape())
                        + ", member 0 of " + Arrays.toString(shape));
        int members = outputs.size(), classes = shape[1];
        List<Tensor> logProbs = new ArrayList<>(members);
        for (Tensor o : outputs) logProbs.add(o.logSoftmax(1));
        // log of the mean probability, without leaving log space (no underflow to log 0)
        Tensor logMean = Tensor.stack(logProbs, 0).logsumexp(0).sub(Math.log(members));
        if (voting == Voting.SOFT) return logMean;
        Tensor votes = null;
        for (Tensor o : outputs) {
            Tensor v = o.detach().argmax(1, false).oneHot(classes).to(logMean.dtype());
            votes = votes == null ? v : votes.add(v);
        }
        Tensor voted = votes.add(logMean.exp()).log();
        return Tensor.where(votes.gt(0), voted, logMean).sub(Math.log(members + 1));
    }
}
