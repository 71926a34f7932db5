package org.nabla.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nabla.tensor.Tensor;

/**
 * A snapshot of an optimizer, as {@link Optimizer#stateDict()} writes it and {@link Optimizer#loadStateDict} reads
 * it: tensors as safetensors-style entries and numbers as a JSON-style map, so a checkpoint can store both.
 *
 * <ul>
 *   <li>{@code tensors}: per-parameter state by {@code "<param index>.<key>"}, e.g. {@code "0.exp_avg"}. Parameters
 *       are numbered across the groups in order, as in PyTorch's state_dict.</li>
 *   <li>{@code metadata}: per-parameter numbers by the same kind of key ({@code "0.step"}), the group count under
 *       {@code "param_groups"}, and each group's size and options under {@code "group.<g>.params"} and
 *       {@code "group.<g>.<option>"} (booleans as 1/0; includes what schedulers store, such as
 *       {@code initial_lr}).</li>
 * </ul>
 */
public record OptimizerState(Map<String, Tensor> tensors, Map<String, Double> metadata) {
    public OptimizerState {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }
}
