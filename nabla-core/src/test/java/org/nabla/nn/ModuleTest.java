package org.nabla.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nabla.tensor.Tensor;

class ModuleTest {

    /** y = x * scale + shift, with a buffer counting calls: enough to exercise every Module feature. */
    static final class Affine extends Module {
        final Parameter scale = registerParameter("scale", new Parameter(Tensor.ones(3)));
        final Parameter shift = registerParameter("shift", new Parameter(Tensor.zeros(3)));

        Affine() { registerBuffer("calls", Tensor.zeros(1)); }

        @Override
        public Tensor forward(Tensor x) {
            setBuffer("calls", buffer("calls").add(1));
            return x.mul(scale).add(shift);
        }

        @Override
        protected String extraRepr() { return "features=3"; }
    }

    @Test
    void collectsNamedParametersBuffersAndModulesInOrder() {
        Sequential model = new Sequential(new Affine(), new Identity(), new Affine());
        assertThat(model.namedParameters().keySet()).containsExactly("0.scale", "0.shift", "2.scale", "2.shift");
        assertThat(model.namedBuffers().keySet()).containsExactly("0.calls", "2.calls");
        assertThat(model.namedModules().keySet()).containsExactly("", "0", "1", "2");
        assertThat(model.parameters()).hasSize(4).allMatch(Tensor::requiresGrad);
    }

    @Test
    void aSharedParameterIsListedOnce() {
        Affine a = new Affine();
        Sequential model = new Sequential(a, a);
        assertThat(model.parameters()).hasSize(2);
    }

    @Test
    void stateDictRoundTripsAndChecksKeysAndShapes() {
        Sequential src = new Sequential(new Affine());
        try (var g = org.nabla.autograd.GradMode.noGrad()) {
            src.parameters().get(0).set(5, 1);
        }
        Sequential dst = new Sequential(new Affine());
        dst.loadStateDict(src.stateDict(), true);
        assertThat(dst.parameters().get(0).toFloatArray()).containsExactly(1, 5, 1);

        Map<String, Tensor> missing = new LinkedHashMap<>(src.stateDict());
        missing.remove("0.shift");
        missing.put("0.bogus", Tensor.zeros(1));
        assertThatThrownBy(() -> dst.loadStateDict(missing, true))
                .hasMessageContaining("missing keys [0.shift]").hasMessageContaining("unexpected keys [0.bogus]");
        dst.loadStateDict(missing, false);

        Map<String, Tensor> wrong = new LinkedHashMap<>(src.stateDict());
        wrong.put("0.scale", Tensor.zeros(4));
        assertThatThrownBy(() -> dst.loadStateDict(wrong, true))
                .hasMessageContaining("'0.scale' has shape [4] but the module expects [3]");

        // A bad key after good ones: the good ones must not have been copied either.
        Map<String, Tensor> lateMismatch = new LinkedHashMap<>(src.stateDict());
        lateMismatch.put("0.shift", Tensor.full(9, 3));
        lateMismatch.put("0.calls", Tensor.zeros(2));
        float[] before = dst.parameters().get(1).toFloatArray();
        assertThatThrownBy(() -> dst.loadStateDict(lateMismatch, true))
                .hasMessageContaining("'0.calls' has shape [2] but the module expects [1]");
        assertThat(dst.parameters().get(1).toFloatArray()).as("nothing copied from a refused state").containsExactly(before);
    }

    @Test
    void trainEvalFreezeAndZeroGradReachEveryDescendant() {
        Sequential model = new Sequential(new Affine(), new Sequential(new Affine()));
        model.eval();
        assertThat(model.namedModules().values()).noneMatch(Module::isTraining);
        model.train();
        assertThat(model.namedModules().values()).allMatch(Module::isTraining);

        model.call(Tensor.ones(3)).sum().backward();
        assertThat(model.parameters()).allMatch(p -> p.grad() != null);
        model.zeroGrad();
        assertThat(model.parameters()).allMatch(p -> p.grad() == null);
        model.freeze();
        assertThat(model.parameters()).noneMatch(Tensor::requiresGrad);
        model.unfreeze();
        assertThat(model.parameters()).allMatch(Tensor::requiresGrad);
    }

    @Test
    void forwardHooksSeeEveryCallAndCanBeRemoved() throws Exception {
        Affine inner = new Affine();
        Sequential model = new Sequential(inner);
        List<int[]> shapes = new ArrayList<>();
        AutoCloseable handle = inner.registerForwardHook((m, inputs, output) -> shapes.add(((Tensor) output).shape()));
        model.call(Tensor.ones(2, 3));
        handle.close();
        model.call(Tensor.ones(2, 3));
        assertThat(shapes).hasSize(1);
        assertThat(shapes.get(0)).containsExactly(2, 3);
        assertThat(inner.namedBuffers().get("calls").item()).isEqualTo(2.0);
    }

    @Test
    void printsLikePyTorch() {
        assertThat(new Sequential(new Affine(), new Identity()).toString())
                .isEqualTo("Sequential(\n  (0): Affine(features=3)\n  (1): Identity()\n)");
    }

    @Test
    void registrationRejectsBadAndDuplicateNames() {
        assertThatThrownBy(() -> new Module() {
            { registerParameter("a.b", Parameter.zeros(1)); }
        }).hasMessageContaining("invalid name 'a.b'");
        assertThatThrownBy(() -> new Module() {
            { registerParameter("w", Parameter.zeros(1)); registerBuffer("w", Tensor.zeros(1)); }
        }).hasMessageContaining("'w' is already registered");
        assertThatThrownBy(() -> new Parameter(Tensor.arange(3))).hasMessageContaining("only floating-point tensors");
    }
}
