package org.nabla.data;

import java.util.List;

/** Loads a dataset by name for the command line: the value of {@link Datasets#REGISTRY}'s entries. */
@FunctionalInterface
public interface DatasetSource {
    /**
     * One split of the data.
     *
     * @param classNames the class names, index = label; empty for a regression set (float targets)
     */
    record Loaded(Dataset data, List<String> classNames) {
        public boolean regression() { return classNames.isEmpty(); }
    }

    /**
     * The training split, or the official test split ({@code train} false; null when the data has none: split the
     * training data then).
     *
     * @param path   the location after the name ({@code csv:PATH}), or null for a built-in set
     * @param target the target column ({@code --target}), or null for the default
     */
    Loaded load(String path, String target, boolean train);

    /** "0" .. "k-1". */
    static List<String> indexNames(int classes) { return java.util.stream.IntStream.range(0, classes).mapToObj(Integer::toString).toList(); }
}
