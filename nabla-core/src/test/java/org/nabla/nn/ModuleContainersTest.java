package org.nabla.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nabla.nn.activation.ReLU;
import org.nabla.nn.loss.MSELoss;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/** Replacing submodules by dotted path, ModuleList, ModuleDict, and forward hooks on typed entry points. */
class ModuleContainersTest {

    /** A VGG-like model: forward reads both children through their handles, so replace() reaches it. */
    static final class Net extends Module {
        final Submodule<Module> features = registerModule("features", new Sequential(new Linear(4, 8, true, new Generator(1)), new ReLU()));
        final Submodule<Sequential> classifier = registerModule("classifier", Sequential.class,
                new Sequential(new Dropout(0.5), new Linear(8, 3, true, new Generator(2))));

        @Override
        public Tensor forward(Tensor x) { return classifier.get().call(features.get().call(x)); }
    }

    /** Layers kept in a ModuleList, applied in order with a tanh after each. */
    static final class Stack extends Module {
        final Submodule<ModuleList> layers = registerModule("layers", ModuleList.class,
                new ModuleList(new Linear(3, 3, true, new Generator(3)), new Linear(3, 3, true, new Generator(4))));

        @Override
        public Tensor forward(Tensor x) {
            for (Module m : layers.get()) x = m.call(x).tanh();
            return x;
        }
    }

    private static final Tensor X = Tensor.randn(new Generator(5), 2, 4);

    @Test
    void replacingAHeadByItsDottedPathChangesWhatForwardUses() {
        Net net = new Net();
        net.eval();
        Module old = net.replace("classifier.1", new Linear(8, 5, true, new Generator(6)));
        assertThat(old).isInstanceOf(Linear.class);
        assertThat(net.call(X).shape()).containsExactly(2, 5);
        assertThat(net.namedParameters().get("classifier.1.bias").shape()).containsExactly(5);
        assertThat(net.stateDict()).containsKey("classifier.1.weight");

        // A new first layer: the output is the new layer's, followed by the rest.
        Linear first = new Linear(4, 8, true, new Generator(7));
        net.replace("features.0", first);
        Tensor expected = net.classifier.get().call(first.call(X).relu());
        assertThat(net.call(X).toFloatArray()).containsExactly(expected.toFloatArray());
        assertThat(net.submodule("features.0")).isSameAs(first);

        // A child registered as any Module takes any module; one registered as Sequential only a Sequential.
        net.replace("features", new Sequential(new Linear(4, 8), new ReLU(), new Identity()));
        assertThat(net.call(X).shape()).containsExactly(2, 5);
        assertThatThrownBy(() -> net.replace("classifier", new Linear(8, 3)))
                .hasMessage("replace: 'classifier' of Net must be a Sequential, got Linear");
    }

    @Test
    void badReplacementsAreRefusedClearly() {
        Net net = new Net();
        assertThatThrownBy(() -> net.replace("classifier.7", new Identity()))
                .hasMessage("replace: Net has no submodule 'classifier.7' (Sequential has children 0, 1)");
        assertThatThrownBy(() -> net.replace("head.0", new Identity()))
                .hasMessage("Net: no submodule 'head' (Net has children features, classifier)");
        assertThatThrownBy(() -> net.replace("features.1", null)).hasMessage("replace: 'features.1' of Net must be a Module, got null");
        assertThatThrownBy(() -> net.replace("features.1", net)).hasMessage("replace: 'features.1' would contain its own parent Sequential");
        // A head of the wrong width passes replace and fails at forward, naming the layer and both shapes.
        net.replace("classifier.1", new Linear(7, 3));
        assertThatThrownBy(() -> net.call(X)).hasMessage("Linear(in_features=7, out_features=3, bias=True): expected input [..., 7], got [2, 8]");
    }

    @Test
    void moduleListHoldsIndexedChildrenAndSetReplacesOne() {
        Stack stack = new Stack();
        ModuleList layers = stack.layers.get();
        assertThat(layers.size()).isEqualTo(2);
        assertThat(stack.namedParameters().keySet()).containsExactly("layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias");
        Tensor x = X.narrow(1, 0, 3);
        Tensor before = stack.call(x);
        Module second = layers.set(1, new Identity());
        assertThat(second).isInstanceOf(Linear.class);
        assertThat(stack.call(x).toFloatArray()).containsExactly(layers.get(0).call(x).tanh().tanh().toFloatArray());
        assertThat(stack.call(x).toFloatArray()).isNotEqualTo(before.toFloatArray());
        stack.replace("layers.1", second);
        assertThat(stack.call(x).toFloatArray()).containsExactly(before.toFloatArray());
        assertThat(layers.add(new ReLU()).modules()).hasSize(3).element(2).isInstanceOf(ReLU.class);
        assertThatThrownBy(() -> layers.get(3)).hasMessage("ModuleList: index 3 out of range for 3 modules");
        assertThatThrownBy(() -> layers.call(x)).isInstanceOf(UnsupportedOperationException.class).hasMessageStartingWith("ModuleList does not take");
    }

    @Test
    void moduleDictHoldsNamedChildren() {
        ModuleDict heads = new ModuleDict(Map.of("value", new Linear(4, 1))).put("classes", new Linear(4, 3));
        assertThat(heads.keys()).containsExactly("value", "classes");
        assertThat(heads.containsKey("classes")).isTrue();
        assertThat(heads.get("classes").call(X).shape()).containsExactly(2, 3);
        assertThat(heads.namedParameters().keySet()).containsExactly("value.weight", "value.bias", "classes.weight", "classes.bias");
        heads.put("classes", new Linear(4, 6));
        assertThat(heads.size()).isEqualTo(2);
        assertThat(heads.get("classes").call(X).shape()).containsExactly(2, 6);
        assertThat(heads.modules().keySet()).containsExactly("value", "classes");
        assertThatThrownBy(() -> heads.get("box")).hasMessage("ModuleDict: no module named 'box'; it has [value, classes]");
        assertThat(heads).hasToString("ModuleDict(\n  (value): Linear(in_features=4, out_features=1, bias=True)\n"
                + "  (classes): Linear(in_features=4, out_features=6, bias=True)\n)");
    }

    @Test
    void forwardHooksSeeTheInputsAndOutputOfEveryEntryPoint() throws Exception {
        List<String> seen = new ArrayList<>();
        MSELoss mse = new MSELoss();
        Tensor target = Tensor.zeros(2, 4);
        try (AutoCloseable h = mse.registerForwardHook((m, inputs, output) -> seen.add(m.name() + " " + inputs.size() + " "
                + (inputs.get(1) == target) + " " + ((Tensor) output).dim()))) {
            mse.call(X, target);
        }
        mse.call(X, target);
        MaxPool2d pool = new MaxPool2d(2);
        MaxUnpool2d unpool = new MaxUnpool2d(2);
        pool.registerForwardHook((m, inputs, output) -> seen.add(m.name() + " " + inputs.size() + " " + output.getClass().getSimpleName()));
        unpool.registerForwardHook((m, inputs, output) -> seen.add(m.name() + " " + inputs.size() + " " + (inputs.get(2) == null)));
        var pooled = pool.callWithIndices(Tensor.zeros(1, 1, 4, 4));
        unpool.call(pooled.values(), pooled.indices());
        assertThat(seen).containsExactly("MSELoss 2 true 0", "MaxPool2d 1 ValuesIndices", "MaxUnpool2d 3 true");
        assertThatThrownBy(() -> pool.registerForwardHook(null)).hasMessage("MaxPool2d: forward hook must not be null");
    }
}
