package org.nabla.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nabla.nn.activation.ReLU;
import org.nabla.nn.init.Init;
import org.nabla.nn.loss.CrossEntropyLoss;
import org.nabla.nn.loss.Loss;
import org.nabla.nn.loss.MSELoss;
import org.nabla.optim.Optimizer;
import org.nabla.optim.SGD;
import org.nabla.tensor.DType;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * The module contract with two inputs and two outputs: a custom layer mixing two inputs into a record of two
 * tensors, a model on it with a regression head and a classification head, trained end to end with one optimiser
 * and a loss on each output; forward hooks fire for every module and both losses, and the summary lists it.
 */
class MultiInputOutputModuleTest {

    /** h = tanh(a Wa + b Wb): returns h and the gated h * sigmoid(a Wg). A layer: parameters, no children. */
    static final class Mixer extends Module {
        record Mixed(Tensor hidden, Tensor gated) {}

        final Parameter wa, wb, wg;

        Mixer(int a, int b, int width, Generator gen) {
            wa = registerParameter("wa", Parameter.zeros(a, width));
            wb = registerParameter("wb", Parameter.zeros(b, width));
            wg = registerParameter("wg", Parameter.zeros(a, width));
            for (Parameter p : List.of(wa, wb, wg)) Init.uniform(p, -0.5, 0.5, gen);
        }

        public Mixed call(Tensor a, Tensor b) { return invoke(() -> forward(a, b), a, b); }

        protected Mixed forward(Tensor a, Tensor b) {
            Tensor h = a.matmul(wa).add(b.matmul(wb)).tanh();
            return new Mixed(h, h.mul(a.matmul(wg).sigmoid()));
        }
    }

    /** The model: value [N, 1] from the hidden state, class logits [N, 3] from the gated one. */
    static final class TwoHeads extends Module {
        record Prediction(Tensor value, Tensor logits) {}

        final Submodule<Mixer> mixer;
        final Submodule<Module> value, classes;

        TwoHeads(Generator gen) {
            mixer = registerModule("mixer", Mixer.class, new Mixer(4, 3, 16, gen));
            value = registerModule("value", new Linear(16, 1, true, gen));
            classes = registerModule("classes", new Sequential(new ReLU(), new Linear(16, 3, true, gen)));
        }

        public Prediction call(Tensor a, Tensor b) { return invoke(() -> forward(a, b), a, b); }

        protected Prediction forward(Tensor a, Tensor b) {
            Mixer.Mixed m = mixer.get().call(a, b);
            return new Prediction(value.get().call(m.hidden()), classes.get().call(m.gated()));
        }
    }

    /** Targets a model of this shape can learn: a smooth value of both inputs and a class from two thresholds. */
    private static Tensor[] data(Generator gen, int n) {
        Tensor a = Tensor.randn(gen, n, 4), b = Tensor.randn(gen, n, 3);
        Tensor y = a.select(1, 0).sub(b.select(1, 1)).mul(0.5).tanh().unsqueeze(1);
        Tensor cls = a.select(1, 1).gt(0).add(b.select(1, 0).gt(0.5)).to(DType.INT64);
        return new Tensor[] {a, b, y, cls};
    }

    @Test
    void twoInputsAndTwoOutputsTrainEndToEndWithHooksOnEveryModuleAndLoss() throws Exception {
        TwoHeads net = new TwoHeads(new Generator(1));
        Loss mse = new MSELoss(), ce = new CrossEntropyLoss();
        Map<String, Module> watched = new LinkedHashMap<>(net.namedModules());
        watched.put("mse", mse);
        watched.put("ce", ce);
        List<String> calls = new ArrayList<>();
        Map<String, List<Object>> inputsSeen = new LinkedHashMap<>();
        Map<String, Object> outputsSeen = new LinkedHashMap<>();
        List<AutoCloseable> hooks = new ArrayList<>();
        watched.forEach((name, m) -> hooks.add(m.registerForwardHook((mod, inputs, output) -> {
            calls.add(name);
            inputsSeen.put(name, inputs);
            outputsSeen.put(name, output);
        })));

        Tensor[] train = data(new Generator(2), 256);
        Optimizer opt = new SGD(net.parameters(), SGD.Options.defaults().withLr(0.1).withMomentum(0.9));
        double first = 0, last = 0;
        for (int step = 0; step < 200; step++) {
            opt.zeroGrad();
            TwoHeads.Prediction p = net.call(train[0], train[1]);
            Tensor loss = mse.call(p.value(), train[2]).add(ce.call(p.logits(), train[3]));
            loss.backward();
            opt.step();
            if (step == 0) {
                // One step calls every module once, inner ones first, then the two losses.
                assertThat(calls).containsExactly("mixer", "value", "classes.0", "classes.1", "classes", "", "mse", "ce");
                assertThat(inputsSeen.get("")).containsExactly(train[0], train[1]);
                assertThat(outputsSeen.get("")).isSameAs(p);
                assertThat(outputsSeen.get("mixer")).isInstanceOf(Mixer.Mixed.class);
                assertThat(inputsSeen.get("mse")).containsExactly(p.value(), train[2]);
                assertThat(outputsSeen.get("ce")).isInstanceOf(Tensor.class);
                first = loss.item();
            }
            last = loss.item();
        }
        for (AutoCloseable h : hooks) h.close();
        assertThat(calls).hasSize(200 * 8);

        // Both heads learnt, judged on held-out data.
        Tensor[] test = data(new Generator(3), 256);
        net.eval();
        TwoHeads.Prediction p = net.call(test[0], test[1]);
        double mse0 = test[2].square().mean().item(); // the error of predicting 0
        assertThat(mse.call(p.value(), test[2]).item()).isLessThan(0.1 * mse0);
        double accuracy = p.logits().argmax(1, false).eq(test[3]).to(DType.FLOAT64).mean().item();
        assertThat(accuracy).isGreaterThan(0.85); // the majority class is half the data
        assertThat(last).isLessThan(0.2 * first);
        assertThat(calls).hasSize(200 * 8); // the hooks are gone
    }

    @Test
    void theSummaryListsTheMultiOutputLayerWithBothShapes() {
        TwoHeads net = new TwoHeads(new Generator(4));
        Tensor[] d = data(new Generator(5), 2);
        Summary s = Summary.of(net, () -> net.call(d[0], d[1]));
        assertThat(s.rows()).extracting(Summary.Row::name).containsExactly("mixer", "value", "classes.0", "classes.1");
        assertThat(s.rows()).extracting(Summary.Row::type).containsExactly("Mixer", "Linear", "ReLU", "Linear");
        assertThat(s.rows().get(0).outputShapes()).satisfiesExactly(h -> assertThat(h).containsExactly(2, 16), g -> assertThat(g).containsExactly(2, 16));
        assertThat(s.rows().get(0).params()).isEqualTo(4 * 16 + 3 * 16 + 4 * 16);
        assertThat(s.totalParams()).isEqualTo(4 * 16 + 3 * 16 + 4 * 16 + 17 + 51);
        assertThat(s.totalMacs()).isEqualTo(2 * 16 + 2 * 3 * 16);
        assertThat(s.toString()).containsPattern("mixer \\(Mixer\\) +\\[2, 16\\], \\[2, 16\\] +176 +0\n");
        assertThat(net.isTraining()).isTrue(); // the mode is restored
    }
}
