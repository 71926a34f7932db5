package org.nabla.train.doctor;

import static org.nabla.train.doctor.Figures.layer;
import static org.nabla.train.doctor.Figures.percent;
import static org.nabla.train.doctor.Figures.powerOfTen;
import static org.nabla.train.doctor.Figures.sci;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The doctor's rules on the layers, over the sampled steps: a symptom counts when it shows in at least half of the
 * samples (one sample may mislead), and its evidence is that of the first sample that shows it.
 */
final class LayerRules {
    /** Gradient RMS of one layer this many times another's: vanishing (earlier layer smaller) or exploding (larger). */
    static final double FLOW_RATIO = 1e3;
    /** Share of a ReLU layer's units dead, or of a sigmoid/tanh layer's outputs saturated, that counts. */
    static final double UNIT_SHARE = 0.5;

    private LayerRules() {}

    private static boolean persistent(int held, int samples) { return held > 0 && 2 * held >= samples; }

    /** Vanishing or exploding gradients: the RMS of one weight layer 10³× or more that of another. */
    static void gradientFlow(List<LayerSample> samples, Set<String> activations, Diagnosis d) {
        int vanishing = 0, exploding = 0, measured = 0;
        Finding firstVanishing = null, firstExploding = null;
        for (LayerSample s : samples) {
            List<Map.Entry<String, Double>> layers = s.gradientRms().entrySet().stream().filter(e -> Double.isFinite(e.getValue())).toList();
            if (layers.size() < 2) continue;
            measured++;
            int lo = 0, hi = 0;
            for (int i = 1; i < layers.size(); i++) {
                if (layers.get(i).getValue() < layers.get(lo).getValue()) lo = i;
                if (layers.get(i).getValue() > layers.get(hi).getValue()) hi = i;
            }
            double small = Math.max(layers.get(lo).getValue(), 1e-30), large = layers.get(hi).getValue(), ratio = large / small;
            if (ratio < FLOW_RATIO) continue;
            String loName = layers.get(lo).getKey(), hiName = layers.get(hi).getKey();
            if (lo < hi) {
                vanishing++;
                if (firstVanishing == null) firstVanishing = new Finding(Symptom.VANISHING_GRADIENTS, loName, s.step(), ratio,
                        layer(loName) + "'s gradient (RMS " + sci(small) + ") fell " + powerOfTen(ratio) + " below " + layer(hiName) + "'s ("
                                + sci(large) + ") at step " + s.step(), vanishingFix(activations));
            } else {
                exploding++;
                if (firstExploding == null) firstExploding = new Finding(Symptom.EXPLODING_GRADIENTS, hiName, s.step(), ratio,
                        layer(hiName) + "'s gradient (RMS " + sci(large) + ") grew " + powerOfTen(ratio) + " above " + layer(loName) + "'s ("
                                + sci(small) + ") at step " + s.step(),
                        "the gradient grows layer by layer: lower the learning rate, clip gradients (--clip-grad 1), use Xavier/He initialisation or batch norm");
            }
        }
        if (persistent(vanishing, measured)) d.add(withSamples(firstVanishing, vanishing, measured));
        if (persistent(exploding, measured)) d.add(withSamples(firstExploding, exploding, measured));
    }

    private static String vanishingFix(Set<String> activations) {
        if (activations.contains("Sigmoid")) return "sigmoid saturation (its derivative is at most 0.25, so each layer shrinks the gradient) — try ReLU or batch norm";
        if (activations.contains("Tanh")) return "tanh saturation shrinks the gradient at every layer — try ReLU, batch norm or Xavier initialisation";
        return "the gradient shrinks layer by layer — try batch norm, He initialisation or residual connections";
    }

    private static Finding withSamples(Finding f, int held, int samples) {
        return new Finding(f.symptom(), f.layer(), f.step(), f.figure(), f.evidence() + " (in " + held + " of " + samples + " sampled steps)", f.fix());
    }

    /** Dead ReLUs and saturated sigmoid/tanh units: per layer, the worst layer reported. */
    static void units(List<LayerSample> samples, Diagnosis d) {
        unitRule(samples, d, Symptom.DEAD_RELUS, true);
        unitRule(samples, d, Symptom.SATURATED_UNITS, false);
    }

    private static void unitRule(List<LayerSample> samples, Diagnosis d, Symptom symptom, boolean dead) {
        Map<String, int[]> counts = new java.util.LinkedHashMap<>(); // layer -> {held, measured}
        Map<String, Finding> first = new java.util.LinkedHashMap<>();
        for (LayerSample s : samples) {
            s.units().forEach((name, u) -> {
                double share = dead ? u.dead() : u.saturated();
                if (Double.isNaN(share)) return;
                int[] c = counts.computeIfAbsent(name, k -> new int[2]);
                c[1]++;
                if (share < UNIT_SHARE) return;
                c[0]++;
                first.putIfAbsent(name, dead
                        ? new Finding(symptom, name, s.step(), share, percent(share) + " of " + layer(name) + " (ReLU)'s " + u.units()
                                + " units output 0 for every sample of the batch at step " + s.step(),
                                "a negative bias, a bad initialisation or a too-high learning rate switched them off — start biases at 0, use He initialisation, lower the learning rate or try LeakyReLU")
                        : new Finding(symptom, name, s.step(), share, percent(share) + " of " + layer(name) + " (" + u.kind() + ")'s outputs are within 1% of its bounds at step "
                                + s.step(), "saturated units pass almost no gradient — standardise the inputs, use Xavier initialisation, batch norm or a lower learning rate"));
            });
        }
        List<String> bad = new ArrayList<>();
        counts.forEach((name, c) -> { if (persistent(c[0], c[1])) bad.add(name); });
        if (bad.isEmpty()) return;
        Finding worst = bad.stream().map(first::get).max((a, b) -> Double.compare(a.figure(), b.figure())).orElseThrow();
        String others = bad.size() == 1 ? "" : " (" + bad.size() + " layers affected: " + String.join(", ", bad) + ")";
        d.add(new Finding(worst.symptom(), worst.layer(), worst.step(), worst.figure(), worst.evidence() + others, worst.fix()));
    }

    /** The median over samples of each sample's median update-to-weight ratio; NaN when none was measured. */
    static double medianUpdateRatio(List<LayerSample> samples) {
        double[] medians = samples.stream().filter(s -> !s.updateRatios().isEmpty())
                .mapToDouble(s -> median(s.updateRatios().values().stream().mapToDouble(Double::doubleValue).toArray())).toArray();
        return medians.length == 0 ? Double.NaN : median(medians);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length == 0 ? Double.NaN : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
