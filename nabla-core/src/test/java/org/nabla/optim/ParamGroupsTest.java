package org.nabla.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nabla.models.Models;
import org.nabla.nn.Parameter;
import org.nabla.nn.Sequential;
import org.nabla.optim.schedule.Schedules;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/** Discriminative learning rates: parameter groups by name prefix, each stepping with its own rate. */
class ParamGroupsTest {
    private static Map<String, Double> rates(Object... prefixAndRate) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < prefixAndRate.length; i += 2) m.put((String) prefixAndRate[i], (Double) prefixAndRate[i + 1]);
        return m;
    }

    @Test
    void groupsTheRestFirstThenEachPrefixWithItsRate() {
        Sequential lenet = Models.lenet5(new Generator(1));
        Map<String, Parameter> named = lenet.namedParameters();
        List<ParamGroup> groups = ParamGroups.byPrefix(named, rates("11.", 0.01, "0.", 1e-4));
        Optimizer sgd = Optimizers.create("sgd", new Optimizers.Settings(0.1, 0, 0), groups);

        assertThat(sgd.paramGroups()).hasSize(3);
        assertThat(sgd.paramGroups().get(0).params()).hasSize(6); // 3., 7., 9. weights and biases
        assertThat(sgd.paramGroups().get(1).params()).containsExactly(named.get("11.weight"), named.get("11.bias"));
        assertThat(sgd.paramGroups().get(2).params()).containsExactly(named.get("0.weight"), named.get("0.bias"));
        assertThat(sgd.paramGroups().stream().map(ParamGroup::lr)).containsExactly(0.1, 0.01, 1e-4);

        // one SGD step on gradients of ones moves each parameter by its group's rate
        Map<String, float[]> before = new LinkedHashMap<>();
        named.forEach((k, p) -> {
            before.put(k, p.toFloatArray());
            p.setGrad(Tensor.onesLike(p));
        });
        sgd.step();
        Map<String, Double> expected = Map.of("11.weight", 0.01, "0.weight", 1e-4, "3.weight", 0.1, "9.bias", 0.1);
        expected.forEach((k, lr) -> assertThat(before.get(k)[0] - named.get(k).toFloatArray()[0]).as(k).isCloseTo(lr.floatValue(), within(1e-6f)));
    }

    @Test
    void oneCycleWarmsEachGroupUpToItsOwnRate() {
        Sequential lenet = Models.lenet5(new Generator(1));
        Optimizer adam = Optimizers.create("adam", new Optimizers.Settings(0.005, 0, 0), ParamGroups.byPrefix(lenet.namedParameters(), rates("11.", 0.05)));
        Schedules.REGISTRY.get("onecycle").factory().create(adam, 1, 100);
        assertThat(adam.paramGroups().get(0).schedulerValue("max_lr")).isEqualTo(0.005);
        assertThat(adam.paramGroups().get(1).schedulerValue("max_lr")).isEqualTo(0.05);
    }

    @Test
    void aPrefixThatMatchesNothingIsRefusedWithTheNames() {
        Sequential lenet = Models.lenet5(new Generator(1));
        assertThatThrownBy(() -> ParamGroups.byPrefix(lenet.namedParameters(), rates("head.", 0.1)))
                .hasMessageStartingWith("no parameter starts with the prefix 'head.'; the parameters: 0.weight, 0.bias, 3.weight");
        assertThatThrownBy(() -> ParamGroups.byPrefix(lenet.namedParameters(), rates("1", 0.1, "11.", 0.01)))
                .hasMessageStartingWith("no parameter is left for the prefix '11.'");
    }
}
