package org.nabla.train.doctor;

import java.util.Map;

/**
 * What the doctor measured on one sampled step: each weight layer's gradient RMS and update-to-weight ratio (empty
 * when not measured, e.g. after training), and each activation layer's unit statistics.
 */
public record LayerSample(long step, Map<String, Double> gradientRms, Map<String, Double> updateRatios,
                          Map<String, ActivationProbe.UnitStats> units) {
    public LayerSample {
        gradientRms = ordered(gradientRms);
        updateRatios = ordered(updateRatios);
        units = ordered(units);
    }

    /** An unmodifiable copy in the model's order. */
    private static <V> Map<String, V> ordered(Map<String, V> m) { return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(m)); }
}
