package org.nabla.onnx;

import java.util.Collections;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** The operators of the default ONNX domain that the importer runs, by op type. */
final class Operators {
    private Operators() {}

    private static final Map<String, Operator> ALL = build();

    private static Map<String, Operator> build() {
        Map<String, Operator> ops = new TreeMap<>();
        ElementwiseOps.register(ops);
        NetworkOps.register(ops);
        ShapeOps.register(ops);
        ReductionOps.register(ops);
        return Collections.unmodifiableMap(ops);
    }

    static Operator get(String opType) { return ALL.get(opType); }

    static SortedSet<String> names() { return Collections.unmodifiableSortedSet(new TreeSet<>(ALL.keySet())); }
}
