package org.nabla.optim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nabla.tensor.Tensor;

/**
 * Parameter groups chosen by name, for discriminative learning rates in fine-tuning: a pretrained body trained
 * slower than a new head, e.g. {@code byPrefix(model.namedParameters(), Map.of("11.", 0.01))} with the optimizer's
 * rate for the rest.
 */
public final class ParamGroups {
    private ParamGroups() {}

    /**
     * Group 0 holds the parameters no prefix matches (the optimizer's own options; it may be empty), then one group
     * per prefix, in the map's order, with that prefix's learning rate; a parameter joins the first prefix that
     * matches its name. A prefix matching no parameter (or only parameters an earlier prefix took) is an error that
     * lists the names.
     *
     * @param named      parameters by name, in order (a module's {@code namedParameters()})
     * @param lrByPrefix learning rates by name prefix, in order (e.g. a {@link LinkedHashMap})
     */
    public static List<ParamGroup> byPrefix(Map<String, ? extends Tensor> named, Map<String, Double> lrByPrefix) {
        Map<String, List<Tensor>> members = new LinkedHashMap<>();
        for (String prefix : lrByPrefix.keySet()) members.put(prefix, new ArrayList<>());
        List<Tensor> rest = new ArrayList<>();
        for (var e : named.entrySet()) {
            String prefix = lrByPrefix.keySet().stream().filter(e.getKey()::startsWith).findFirst().orElse(null);
            (prefix == null ? rest : members.get(prefix)).add(e.getValue());
        }
        List<ParamGroup> groups = new ArrayList<>();
        groups.add(ParamGroup.of(rest));
        for (var e : members.entrySet()) {
            if (e.getValue().isEmpty())
                throw new IllegalArgumentException("no parameter " + (named.keySet().stream().anyMatch(n -> n.startsWith(e.getKey())) ? "is left for" : "starts with")
                        + " the prefix '" + e.getKey() + "'; the parameters: " + String.join(", ", named.keySet()));
            double lr = lrByPrefix.get(e.getKey());
            groups.add(ParamGroup.of(e.getValue(), o -> o.withLr(lr)));
        }
        return groups;
    }
}
