package org.nabla.nn;

import java.util.List;

/**
 * What {@link Module#loadStateDict(java.util.Map, boolean, boolean)} did, key by key: the keys it copied, and those
 * it left as the module had them. Transfer learning reads {@link #fresh()}: a new head sized to the new classes
 * keeps its initial weights because the loaded head has another shape.
 *
 * @param loaded     keys copied into the module
 * @param missing    the module's keys the state lacks
 * @param unexpected the state's keys the module lacks
 * @param mismatched keys of both whose shapes differ, skipped (e.g. "4.weight [10, 84] -> [5, 84]" in {@link #describeMismatched})
 */
public record StateDictLoad(List<String> loaded, List<String> missing, List<String> unexpected, List<String> mismatched) {
    public StateDictLoad {
        loaded = List.copyOf(loaded);
        missing = List.copyOf(missing);
        unexpected = List.copyOf(unexpected);
        mismatched = List.copyOf(mismatched);
    }

    /** The module's keys left with the values they had: missing from the state or of another shape there. */
    public List<String> fresh() {
        return java.util.stream.Stream.concat(mismatched.stream(), missing.stream()).toList();
    }
}
