package org.nabla.optim;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one mapping between an options record and PyTorch's option names, used by checkpoints: a component's name in
 * snake case ({@code weightDecay} → {@code weight_decay}, {@code initialAccumulatorValue} →
 * {@code initial_accumulator_value}), doubles as they are, booleans as 1/0.
 */
final class OptionNames {
    private OptionNames() {}

    /** A class's name without its package, e.g. {@code SGD.Options}. */
    static String typeName(Class<?> c) { return c.getName().substring(c.getName().lastIndexOf('.') + 1).replace('$', '.'); }

    /** PyTorch's name of a record component. */
    static String pytorchName(String component) {
        StringBuilder sb = new StringBuilder(component.length() + 4);
        for (char c : component.toCharArray()) {
            if (Character.isUpperCase(c)) sb.append('_').append(Character.toLowerCase(c));
            else sb.append(c);
        }
        return sb.toString();
    }

    /** The options by PyTorch name, in component order, with their typed values (Double or Boolean). */
    static Map<String, Object> values(OptimizerOptions options) {
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            for (RecordComponent c : components(options)) out.put(pytorchName(c.getName()), c.getAccessor().invoke(options));
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + options.getClass().getName() + ": " + e, e);
        }
        return out;
    }

    /** The options by PyTorch name as numbers (booleans as 1/0), as a checkpoint stores them. */
    static Map<String, Double> numbers(OptimizerOptions options) {
        Map<String, Double> out = new LinkedHashMap<>();
        values(options).forEach((k, v) -> out.put(k, v instanceof Boolean b ? (b ? 1.0 : 0.0) : ((Number) v).doubleValue()));
        return out;
    }

    /**
     * A copy of {@code options} with the values given by PyTorch name (booleans: non-zero is true); an unknown name
     * is an error naming {@code owner} and the known names.
     */
    @SuppressWarnings("unchecked")
    static <O extends OptimizerOptions> O with(O options, Map<String, ? extends Number> changes, String owner) {
        RecordComponent[] cs = components(options);
        Map<String, Object> values = values(options);
        for (var e : changes.entrySet()) {
            Object old = values.get(e.getKey());
            if (old == null)
                throw new IllegalArgumentException(owner + ": unknown option '" + e.getKey() + "'; known options: " + values.keySet());
            values.put(e.getKey(), old instanceof Boolean ? (Object) (e.getValue().doubleValue() != 0) : (Object) e.getValue().doubleValue());
        }
        Class<?>[] types = new Class<?>[cs.length];
        for (int i = 0; i < cs.length; i++) types[i] = cs[i].getType();
        try {
            Constructor<?> canonical = options.getClass().getDeclaredConstructor(types);
            return (O) canonical.newInstance(values.values().toArray());
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException("cannot copy " + options.getClass().getName() + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot copy " + options.getClass().getName() + ": " + e, e);
        }
    }

    private static RecordComponent[] components(OptimizerOptions options) {
        RecordComponent[] cs = options.getClass().getRecordComponents();
        if (cs == null) throw new IllegalArgumentException(options.getClass().getName() + ": optimizer options must be a record");
        for (RecordComponent c : cs)
            if (c.getType() != double.class && c.getType() != boolean.class)
                throw new IllegalArgumentException(options.getClass().getName() + ": option " + c.getName() + " is a " + c.getType()
                        + "; options records hold doubles and booleans");
        return cs;
    }
}
