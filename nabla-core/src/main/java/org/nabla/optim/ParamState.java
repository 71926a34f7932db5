package org.nabla.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nabla.tensor.Tensor;

/**
 * What an optimizer remembers about one parameter between steps: tensors (moment estimates, momentum buffers,
 * each shaped like the parameter) and numbers (the step count), by PyTorch's names ({@code exp_avg},
 * {@code momentum_buffer}, {@code step}, ...).
 */
public final class ParamState {
    private final Map<String, Tensor> tensors = new LinkedHashMap<>();
    private final Map<String, Double> numbers = new LinkedHashMap<>();

    /** The tensor stored under {@code key}, or null. */
    public Tensor tensor(String key) { return tensors.get(key); }

    public void put(String key, Tensor value) { tensors.put(key, value); }

    /** The number stored under {@code key}, or {@code orElse}. */
    public double number(String key, double orElse) { return numbers.getOrDefault(key, orElse); }

    public void put(String key, double value) { numbers.put(key, value); }

    public Map<String, Tensor> tensors() { return Collections.unmodifiableMap(tensors); }

    public Map<String, Double> numbers() { return Collections.unmodifiableMap(numbers); }

    public boolean isEmpty() { return tensors.isEmpty() && numbers.isEmpty(); }
}
