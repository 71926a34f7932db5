package org.nabla.train.doctor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One diagnosis: the symptom, where and when it showed (a layer's dotted name, "" for the whole run; the optimizer
 * step, 0 when it is not about one step), the figure that decided it, the evidence in words and a concrete fix.
 */
public record Finding(Symptom symptom, String layer, long step, double figure, String evidence, String fix) {
    /** One line: "[dead ReLUs] 81% of layer '2' (ReLU)'s units ... — fix". */
    @Override
    public String toString() { return "[" + symptom.title() + "] " + evidence + " — " + fix; }

    /** The finding as a JSON-ready map. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("symptom", symptom.key());
        m.put("title", symptom.title());
        m.put("layer", layer);
        m.put("step", step);
        m.put("figure", Double.isFinite(figure) ? figure : String.valueOf(figure));
        m.put("evidence", evidence);
        m.put("fix", fix);
        return m;
    }

    /** Reads {@link #toJson()} back. */
    public static Finding fromJson(Map<?, ?> m) {
        Object f = m.get("figure");
        return new Finding(Symptom.valueOf(String.valueOf(m.get("symptom")).toUpperCase(java.util.Locale.ROOT)), String.valueOf(m.get("layer")),
                ((Number) m.get("step")).longValue(), f instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(f)),
                String.valueOf(m.get("evidence")), String.valueOf(m.get("fix")));
    }
}
