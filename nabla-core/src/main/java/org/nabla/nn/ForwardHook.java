package org.nabla.nn;

import java.util.List;

/**
 * Called after a module's forward, with the module, its inputs (as passed to its typed {@code call}) and its
 * output (a tensor, a record of tensors, ...). Registered with {@link Module#registerForwardHook}.
 */
@FunctionalInterface
public interface ForwardHook {
    void after(Module module, List<Object> inputs, Object output);
}
