package org.nabla.train.doctor;

import static org.nabla.train.doctor.Figures.percent;
import static org.nabla.train.doctor.Figures.sci;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nabla.train.NonFiniteException;

/** The doctor's rules on the curves: the training loss step by step, the epochs' train and validation metrics, the data. */
final class CurveRules {
    /** The loss must fall by at least this share of its start over a run, or it is stuck. */
    static final double MIN_IMPROVEMENT = 0.05;
    /** Update-to-weight ratios below this (healthy: about 1e-3) mean too small a learning rate. */
    static final double TINY_UPDATE = 1e-5;
    /** ... and above this, too large a one. */
    static final double HUGE_UPDATE = 0.2;
    /** Training accuracy this far above the held-out one is over-fitting. */
    static final double GAP = 0.10;
    /** A training accuracy below this at the end is under-fitting (unless another symptom explains it). */
    static final double LOW_ACCURACY = 0.6;
    /** Classes this many times rarer than the most frequent are an imbalance. */
    static final double IMBALANCE = 3;
    static final String LOWER_LR = "the learning rate is too high — lower it 10× (./nabla lr-find suggests one), add a warm-up or clip gradients (--clip-grad 1)";

    private CurveRules() {}

    /**
     * Divergence, a plateau, or a learning rate too low or too high, from the step losses ({@code steps[i]}: the step
     * of {@code losses[i]}) and the median update-to-weight ratio ({@code updates}, NaN if unknown).
     */
    static void loss(long[] steps, double[] losses, double updates, Diagnosis d) {
        int n = losses.length;
        for (int i = 0; i < n; i++)
            if (!Double.isFinite(losses[i])) {
                d.add(new Finding(Symptom.DIVERGENCE, "", steps[i], losses[i], "the loss became " + losses[i] + " at step " + steps[i]
                        + (i > 0 ? " (it was " + sci(losses[0]) + " at step " + steps[0] + ")" : ""), LOWER_LR));
                return;
            }
        if (n < 10) return;
        int w = Math.max(1, n / 10);
        double start = mean(losses, 0, w), end = mean(losses, n - w, n);
        double initial = Math.min(losses[0], start); // a run that blows up in its first steps has a high start window
        double peak = start;
        long peakStep = steps[0];
        for (int i = w; i + w <= n; i += w) {
            double m = mean(losses, i, i + w);
            if (m > peak) { peak = m; peakStep = steps[i + w - 1]; }
        }
        if (peak > 3 * initial || end > 1.5 * initial) {
            d.add(new Finding(Symptom.DIVERGENCE, "", peakStep, peak, String.format(Locale.ROOT,
                    "the loss rose from %s at step %d to %s (mean of %d steps) by step %d", sci(initial), steps[0], sci(Math.max(peak, end)), w,
                    peak > end ? peakStep : steps[n - 1]), LOWER_LR));
            return;
        }
        double improvement = (start - end) / Math.abs(start);
        if (improvement >= MIN_IMPROVEMENT) return;
        String moved = String.format(Locale.ROOT, "the loss moved %s in %d steps (%s to %s)", percent(improvement), steps[n - 1], sci(start), sci(end));
        if (updates < TINY_UPDATE)
            d.add(new Finding(Symptom.LR_TOO_LOW, "", steps[n - 1], updates, moved + " while each step changed the weights by a median "
                    + sci(updates) + " of their norm (healthy: about 1e-3)", "raise the learning rate 10–100× (./nabla lr-find MODEL --dataset D suggests one)"));
        else if (updates > HUGE_UPDATE)
            d.add(new Finding(Symptom.LR_TOO_HIGH, "", steps[n - 1], updates, moved + " while each step changed the weights by a median "
                    + sci(updates) + " of their norm (healthy: about 1e-3)", LOWER_LR));
        else
            d.add(new Finding(Symptom.LOSS_PLATEAU, "", steps[n - 1], improvement, moved, "raise the learning rate, check the initialisation "
                    + "and the input normalisation (--normalize standardize), or try adam"));
    }

    /** A run stopped by a NaN or infinity: divergence, where the trainer found it. */
    static void diverged(NonFiniteException e, Diagnosis d) {
        String where = e.parameter() != null ? "the gradient of '" + e.parameter() + "'" : e.layer() != null && !e.layer().isEmpty()
                ? "the output of layer '" + e.layer() + "'" : "the loss";
        d.add(new Finding(Symptom.DIVERGENCE, e.layer() == null ? "" : e.layer(), e.step(), Double.NaN,
                where + " stopped being finite at step " + e.step() + " (epoch " + e.epoch() + ", batch " + e.batch() + ")", LOWER_LR));
    }

    /** Over-fitting from the epochs: training accuracy far above validation, or validation loss rising while training loss falls. */
    static void epochs(List<Map<String, Double>> history, Diagnosis d) {
        if (history.isEmpty()) return;
        Map<String, Double> last = history.getLast();
        int epoch = last.getOrDefault("epoch", (double) history.size()).intValue();
        if (last.containsKey("train_accuracy") && last.containsKey("val_accuracy")) heldOut(last.get("train_accuracy"), last.get("val_accuracy"), "validation", epoch, d);
        if (d.has(Symptom.OVERFITTING) || history.size() < 3 || !last.containsKey("val_loss")) return;
        int best = 0;
        for (int i = 1; i < history.size(); i++) if (history.get(i).get("val_loss") < history.get(best).get("val_loss")) best = i;
        double bestVal = history.get(best).get("val_loss"), lastVal = last.get("val_loss");
        if (best < history.size() - 1 && lastVal > 1.1 * bestVal && last.get("train_loss") < history.get(best).get("train_loss"))
            d.add(new Finding(Symptom.OVERFITTING, "", 0, lastVal / bestVal, String.format(Locale.ROOT,
                    "the validation loss rose from %.4f (epoch %d) to %.4f (epoch %d) while the training loss fell", bestVal, best + 1, lastVal, epoch),
                    overfittingFix()));
    }

    /** Over-fitting: training accuracy {@link #GAP} or more above the accuracy on a held-out split ({@code split}: "validation", "test"). */
    static void heldOut(double train, double held, String split, int epoch, Diagnosis d) {
        if (train - held < GAP) return;
        d.add(new Finding(Symptom.OVERFITTING, "", 0, train - held, String.format(Locale.ROOT,
                "after epoch %d the training accuracy is %s against %s on the %s split (a gap of %.1f points)", epoch, percent(train), percent(held), split,
                100 * (train - held)), overfittingFix()));
    }

    private static String overfittingFix() {
        return "more data or augmentation (--augment), weight decay (--weight-decay 5e-4), dropout, early stopping (--early-stopping 3) or a smaller model";
    }

    /** Under-fitting: a low final training accuracy that no other symptom explains. */
    static void underfitting(List<Map<String, Double>> history, Diagnosis d) {
        if (history.isEmpty() || !history.getLast().containsKey("train_accuracy")) return;
        for (Symptom s : List.of(Symptom.DIVERGENCE, Symptom.LR_TOO_LOW, Symptom.LR_TOO_HIGH, Symptom.LOSS_PLATEAU, Symptom.VANISHING_GRADIENTS, Symptom.DEAD_RELUS))
            if (d.has(s)) return;
        double acc = history.getLast().get("train_accuracy");
        if (acc >= LOW_ACCURACY) return;
        d.add(new Finding(Symptom.UNDERFITTING, "", 0, acc, "the training accuracy is only " + percent(acc) + " after " + history.size() + " epochs",
                "the model cannot fit the training set yet — train longer, use a larger model, a higher learning rate or less regularisation"));
    }

    /** Class imbalance: the rarest class {@link #IMBALANCE}× or more rarer than the most frequent ({@code names} may be empty). */
    static void classCounts(long[] counts, List<String> names, Diagnosis d) {
        if (counts.length < 2) return;
        int lo = 0, hi = 0;
        for (int i = 1; i < counts.length; i++) {
            if (counts[i] < counts[lo]) lo = i;
            if (counts[i] > counts[hi]) hi = i;
        }
        double ratio = counts[lo] == 0 ? Double.POSITIVE_INFINITY : (double) counts[hi] / counts[lo];
        if (ratio < IMBALANCE) return;
        String rare = names.size() > lo ? names.get(lo) : Integer.toString(lo), common = names.size() > hi ? names.get(hi) : Integer.toString(hi);
        d.add(new Finding(Symptom.CLASS_IMBALANCE, "", 0, ratio, String.format(Locale.ROOT, "class '%s' has %d training samples, class '%s' %d (%s)", rare,
                counts[lo], common, counts[hi], counts[lo] == 0 ? "none at all" : String.format(Locale.ROOT, "%.0f× fewer", ratio)),
                "weight the loss by inverse class frequency, re-sample the classes (data.Balance) or use a focal loss; judge by per-class recall, not accuracy"));
    }

    private static double mean(double[] v, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) s += v[i];
        return s / (to - from);
    }
}
