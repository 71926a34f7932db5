package org.nabla.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nabla.nn.activation.ReLU;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

class SequentialTest {

    @Test
    void namedChildrenKeepTheirNamesAndOrderAsPyTorchsOrderedDict() {
        Map<String, Module> layers = new LinkedHashMap<>();
        layers.put("conv0", Conv2d.builder(1, 2, 3).padding(1).generator(new Generator(0)).build());
        layers.put("relu0", new ReLU());
        Sequential s = new Sequential(layers).add("pool0", new MaxPool2d(2));
        assertThat(s.stateDict()).containsOnlyKeys("conv0.weight", "conv0.bias");
        assertThat(s.children()).containsOnlyKeys("conv0", "relu0", "pool0");
        assertThat(s.get(2)).isInstanceOf(MaxPool2d.class);
        Tensor x = Tensor.randn(new Generator(1), 1, 1, 4, 4);
        assertThat(s.call(x).toFloatArray()).containsExactly(s.get(2).call(s.get(1).call(s.get(0).call(x))).toFloatArray());
        assertThatThrownBy(() -> s.add("relu0", new ReLU())).hasMessageContaining("'relu0' is already registered");
    }
}
