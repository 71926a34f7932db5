package org.nabla.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nabla.models.vision.CifarResNet;
import org.nabla.nn.Identity;
import org.nabla.nn.Linear;
import org.nabla.nn.Module;
import org.nabla.nn.Sequential;
import org.nabla.nn.activation.ReLU;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

class MultiHeadModelTest {
    @Test
    void splittingLenet5KeepsItsLastLayerAsTheMainHeadAndAddsAuxiliaryHeads() {
        Module lenet = Models.lenet5(new Generator(1));
        Tensor x = Tensor.randn(new Generator(2), 3, 1, 28, 28);
        Tensor before = lenet.call(x);
        MultiHeadModel m = MultiHeadModel.split(lenet, "class", Map.of("coarse", 3), new Generator(3));

        assertThat(m.headNames()).containsExactly("class", "coarse");
        assertThat(m.trunk().submodule("11")).isInstanceOf(Identity.class);
        assertThat(m.namedParameters().keySet()).contains("trunk.0.weight", "trunk.9.bias", "heads.class.weight", "heads.coarse.weight")
                .doesNotContain("trunk.11.weight");
        assertThat(m.namedParameters().get("heads.coarse.weight").shape()).containsExactly(3, 84);
        Map<String, Tensor> heads = m.callHeads(x);
        assertThat(heads.keySet()).containsExactly("class", "coarse");
        assertThat(heads.get("class").toFloatArray()).containsExactly(before.toFloatArray());
        assertThat(heads.get("coarse").shape()).containsExactly(3, 3);
        assertThat(m.call(x).toFloatArray()).containsExactly(before.toFloatArray()); // call(x) is the main head
    }

    @Test
    void anyModuleEndingInALinearSplitsAtIt() {
        Module resnet = new CifarResNet(20, 1, 10, new Generator(1));
        MultiHeadModel m = MultiHeadModel.split(resnet, "class", Map.of("coarse", 3, "parity", 2), new Generator(2));
        assertThat(m.trunk().submodule("fc")).isInstanceOf(Identity.class);
        assertThat(m.head("class").namedParameters().get("weight").shape()).containsExactly(10, 64);
        Map<String, Tensor> out = m.callHeads(Tensor.randn(new Generator(3), 2, 1, 8, 8));
        assertThat(out.get("coarse").shape()).containsExactly(2, 3);
        assertThat(out.get("parity").shape()).containsExactly(2, 2);

        MultiHeadModel imagenet = MultiHeadModel.split(Models.create("resnet18", new int[] {3, 32, 32}, 10, new Generator(1)), "class", Map.of("coarse", 3),
                new Generator(2));
        assertThat(imagenet.trunk().submodule("fc")).isInstanceOf(Identity.class);
        assertThat(imagenet.head("coarse").namedParameters().get("weight").shape()).containsExactly(3, 512);
    }

    @Test
    void forwardHooksSeeTheHeadsCall() throws Exception {
        MultiHeadModel m = MultiHeadModel.split(new Sequential(new Linear(4, 8, true, new Generator(1)), new ReLU(), new Linear(8, 3, true, new Generator(2))),
                "a", Map.of("b", 2), new Generator(3));
        Object[] seen = new Object[1];
        try (AutoCloseable h = m.registerForwardHook((module, in, out) -> seen[0] = out)) {
            Map<String, Tensor> out = m.callHeads(Tensor.randn(new Generator(4), 5, 4));
            assertThat(seen[0]).isSameAs(out);
        }
    }

    @Test
    void refusesModelsWithoutATrunkOrAHeadAndBadHeads() {
        Generator g = new Generator(1);
        assertThatThrownBy(() -> MultiHeadModel.split(new Sequential(new ReLU()), "a", Map.of(), g))
                .hasMessage("MultiHeadModel.split: Sequential has no Linear layer to make the main head of");
        assertThatThrownBy(() -> MultiHeadModel.split(new Linear(4, 2, true, g), "a", Map.of(), g))
                .hasMessageContaining("a single Linear layer; there is no trunk to share");
        assertThatThrownBy(() -> MultiHeadModel.split(new Sequential(new Linear(4, 2, true, g)), "a", Map.of("a", 2), g))
                .hasMessage("MultiHeadModel.split: two heads named 'a'");
        assertThatThrownBy(() -> MultiHeadModel.split(new Sequential(new Linear(4, 2, true, g)), "a", Map.of("b", 0), g))
                .hasMessage("MultiHeadModel.split: head 'b' needs at least 1 output, got 0");
        assertThatThrownBy(() -> new MultiHeadModel(new ReLU(), Map.of()))
                .hasMessage("MultiHeadModel: needs at least one head");
        assertThatThrownBy(() -> new MultiHeadModel(new ReLU(), Map.of("x.y", new ReLU())))
                .hasMessageContaining("no '.'");
    }
}
