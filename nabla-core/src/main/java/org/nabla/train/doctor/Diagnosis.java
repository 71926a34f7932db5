package org.nabla.train.doctor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The findings of one run, at most one per {@link Symptom} (the first evidence wins), in the order found; each new
 * one goes to the listener as it is found (the command line prints it).
 */
public final class Diagnosis {
    private final List<Finding> findings = new ArrayList<>();
    private final Set<Symptom> found = EnumSet.noneOf(Symptom.class);
    private final Consumer<Finding> listener;

    /** {@code listener} (may be null) hears each finding once, when it is found. */
    public Diagnosis(Consumer<Finding> listener) { this.listener = listener; }

    /** Adds {@code f} unless its symptom was already found; true when added. */
    public boolean add(Finding f) {
        if (!found.add(f.symptom())) return false;
        findings.add(f);
        if (listener != null) listener.accept(f);
        return true;
    }

    public boolean has(Symptom s) { return found.contains(s); }

    public List<Finding> findings() { return Collections.unmodifiableList(findings); }

    /** {"findings": [...], "healthy": bool} plus what was watched ({@code watched}: steps sampled, layers, ...). */
    public Map<String, Object> toJson(Map<String, Object> watched) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("healthy", findings.isEmpty());
        m.put("findings", findings.stream().map(Finding::toJson).toList());
        m.putAll(watched);
        return m;
    }

    /** Reads the findings of {@link #toJson}. */
    public static List<Finding> findingsOf(Map<String, Object> json) {
        if (!(json.get("findings") instanceof List<?> list)) throw new IllegalArgumentException("no \"findings\" list");
        List<Finding> out = new ArrayList<>();
        for (Object o : list) out.add(Finding.fromJson((Map<?, ?>) o));
        return out;
    }
}
