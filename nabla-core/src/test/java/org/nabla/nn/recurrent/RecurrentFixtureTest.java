package org.nabla.nn.recurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;
import static org.nabla.testing.Fixtures.assertTensor;
import static org.nabla.testing.Fixtures.integer;
import static org.nabla.testing.Fixtures.ints;
import static org.nabla.testing.Fixtures.map;
import static org.nabla.testing.Fixtures.num;
import static org.nabla.testing.Fixtures.tensor;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nabla.autograd.GradMode;
import org.nabla.io.SafeTensors;
import org.nabla.nn.Module;
import org.nabla.nn.Parameter;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;
import org.nabla.testing.Fixtures;
import org.nabla.testing.Fixtures.Tolerance;

/**
 * Runs every case of {@code fixtures/recurrent.json} (written by {@code make_recurrent_fixtures.py} with PyTorch
 * 1.13): builds the layer or cell from PyTorch's keyword arguments, loads PyTorch's parameters, and compares the
 * printed layer, the output, the final states, and the gradients of the input, the initial states and every
 * parameter; variable-length cases pass PyTorch's lengths (PyTorch packed and padded the batch). Then a PyTorch
 * nn.LSTM state dict saved as safetensors loads strictly and gives PyTorch's output.
 */
class RecurrentFixtureTest {
    private static final Tolerance TOLERANCE = Tolerance.float32(1e-5, 1e-5);

    @TestFactory
    Stream<DynamicTest> layersAndCellsMatchPyTorch() {
        List<?> cases = (List<?>) Fixtures.load("/fixtures/recurrent.json").get("cases");
        assertThat(cases).hasSizeGreaterThan(40);
        return cases.stream().map(Fixtures::map).map(c -> dynamicTest((String) c.get("name"), () -> run(c)));
    }

    private static void run(Map<String, Object> c) {
        String name = (String) c.get("name"), kind = (String) c.get("layer");
        Module m = build(kind, map(c.get("args")));
        assertThat(m.toString()).as(name + ": repr").isEqualTo(c.get("repr"));
        Map<String, Tensor> state = new LinkedHashMap<>();
        map(c.get("state")).forEach((k, v) -> state.put(k, tensor(map(v))));
        m.loadStateDict(state, true);
        if (name.contains("dropout_eval")) m.eval(); // as PyTorch's module was: no dropout draws to match

        Tensor x = tensor(map(c.get("input"))).requiresGrad(true);
        Tensor h0 = optional(c, "h0"), c0 = optional(c, "c0");
        Tensor h, cell = null, y = null;
        if (m instanceof RecurrentLayer layer) {
            RecurrentState s0 = h0 == null ? null : new RecurrentState(h0, c0);
            Tensor lengths = c.get("lengths") == null ? null : Tensor.of(toLongs(ints(c.get("lengths"))), ints(c.get("lengths")).length);
            RecurrentOutput out = lengths == null ? layer.call(x, s0) : layer.call(x, s0, lengths);
            y = out.output();
            h = out.state().h();
            cell = out.state().c();
            assertTensor(name + ": output", y, map(c.get("output")), TOLERANCE);
        } else if (m instanceof LSTMCell lstm) {
            CellState out = lstm.call(x, h0 == null ? null : new CellState(h0, c0));
            h = out.h();
            cell = out.c();
        } else if (m instanceof GRUCell gru) {
            h = gru.call(x, h0);
        } else {
            h = ((RNNCell) m).call(x, h0);
        }
        assertTensor(name + ": h_n", h, map(c.get("h_n")), TOLERANCE);
        Tensor loss = h.mul(tensor(map(c.get("upstream_h")))).sum();
        if (y != null) loss = loss.add(y.mul(tensor(map(c.get("upstream")))).sum());
        if (c.get("c_n") != null) {
            assertTensor(name + ": c_n", cell, map(c.get("c_n")), TOLERANCE);
            loss = loss.add(cell.mul(tensor(map(c.get("upstream_c")))).sum());
        } else {
            assertThat(cell).as(name + ": c_n").isNull();
        }
        loss.backward();
        assertTensor(name + ": input gradient", x.grad(), map(c.get("grad_input")), TOLERANCE);
        if (h0 != null) assertTensor(name + ": h0 gradient", h0.grad(), map(c.get("grad_h0")), TOLERANCE);
        if (c0 != null) assertTensor(name + ": c0 gradient", c0.grad(), map(c.get("grad_c0")), TOLERANCE);
        Map<String, Parameter> params = m.namedParameters();
        Map<String, Object> grads = map(c.get("grads"));
        assertThat(params.keySet()).as(name + ": parameters").containsExactlyElementsOf(grads.keySet());
        grads.forEach((k, g) -> assertTensor(name + ": gradient of " + k, params.get(k).grad(), map(g), TOLERANCE));
    }

    private static Tensor optional(Map<String, Object> c, String key) {
        return c.get(key) == null ? null : tensor(map(c.get(key))).requiresGrad(true);
    }

    private static long[] toLongs(int[] v) {
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i];
        return out;
    }

    /** The Nabla layer for torch.nn.<kind>(**args). */
    static Module build(String kind, Map<String, Object> a) {
        int in = integer(a, "input_size"), hid = integer(a, "hidden_size");
        boolean bias = !Boolean.FALSE.equals(a.get("bias"));
        String nonlinearity = a.containsKey("nonlinearity") ? (String) a.get("nonlinearity") : "tanh";
        Generator gen = new Generator(0);
        RecurrentConfig cfg = RecurrentConfig.of(in, hid).withBias(bias)
                .withNumLayers(a.containsKey("num_layers") ? integer(a, "num_layers") : 1)
                .withBatchFirst(Boolean.TRUE.equals(a.get("batch_first")))
                .withBidirectional(Boolean.TRUE.equals(a.get("bidirectional")))
                .withDropout(a.containsKey("dropout") ? num(a, "dropout") : 0);
        return switch (kind) {
            case "RNN" -> new RNN(cfg, nonlinearity, gen);
            case "LSTM" -> new LSTM(cfg, gen);
            case "GRU" -> new GRU(cfg, gen);
            case "RNNCell" -> new RNNCell(in, hid, bias, nonlinearity, gen);
            case "LSTMCell" -> new LSTMCell(in, hid, bias, gen);
            case "GRUCell" -> new GRUCell(in, hid, bias, gen);
            default -> throw new IllegalArgumentException("unknown layer " + kind);
        };
    }

    @Test
    void pytorchLstmStateDictLoadsFromSafetensorsAndGivesPytorchOutput() throws Exception {
        Map<String, Object> doc = map(Fixtures.load("/fixtures/recurrent.json").get("safetensors"));
        LSTM lstm = (LSTM) build("LSTM", map(doc.get("args")));
        Map<String, Tensor> weights = SafeTensors.load(Path.of(RecurrentFixtureTest.class.getResource("/fixtures/lstm_torch.safetensors").toURI()));
        assertThat(weights.keySet()).containsExactlyInAnyOrderElementsOf(lstm.stateDict().keySet());
        lstm.loadStateDict(weights, true);
        try (var s = GradMode.noGrad()) {
            RecurrentOutput out = lstm.call(tensor(map(doc.get("input"))), null);
            Tolerance tol = Tolerance.float32(1e-5, 1e-6);
            assertTensor("output", out.output(), map(doc.get("output")), tol);
            assertTensor("h_n", out.state().h(), map(doc.get("h_n")), tol);
            assertTensor("c_n", out.state().c(), map(doc.get("c_n")), tol);
        }
    }
}
