package org.nabla.nn.recurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nabla.autograd.GradCoverage;
import org.nabla.autograd.GradMode;
import org.nabla.nn.Linear;
import org.nabla.nn.Sequential;
import org.nabla.nn.functional.F;
import org.nabla.tensor.DType;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * The recurrent layers beyond the PyTorch fixtures: gradient checks of the stacked functions in float64 (two
 * layers, both directions, batch-first, lengths), what padding does and does not touch, dropout between layers,
 * the state's detach and select, the module contract and the errors.
 */
@ExtendWith(GradCoverage.class)
class RecurrentLayersTest {
    private static final int IN = 3, H = 3, T = 4, B = 3;

    /** The flat weights of a layer as float64 leaves (PyTorch's order), with the input and initial state. */
    private static Tensor[] inputs(RecurrentCell cell, RecurrentConfig cfg, long seed) {
        RecurrentLayer layer = switch (cell) {
            case LSTM -> new LSTM(cfg, new Generator(seed));
            case GRU -> new GRU(cfg, new Generator(seed));
            case RNN_TANH -> new RNN(cfg, "tanh", new Generator(seed));
        };
        Generator gen = new Generator(seed + 1);
        List<Tensor> all = new ArrayList<>();
        all.add(Tensor.randn(gen, B, T, IN).to(DType.FLOAT64).requiresGrad(true));
        int states = cfg.numLayers() * cfg.directions();
        all.add(Tensor.randn(gen, states, B, H).to(DType.FLOAT64).requiresGrad(true));
        all.add(Tensor.randn(gen, states, B, H).to(DType.FLOAT64).requiresGrad(true));
        for (Tensor w : layer.flatWeights()) all.add(w.detach().to(DType.FLOAT64).requiresGrad(true));
        return all.toArray(Tensor[]::new);
    }

    enum RecurrentCell { RNN_TANH, LSTM, GRU }

    /** output and final states of the stacked function, concatenated flat. */
    private static Tensor run(RecurrentCell cell, RecurrentConfig cfg, Tensor[] in, Tensor lengths) {
        List<Tensor> w = List.of(in).subList(3, in.length);
        RecurrentOutput out = switch (cell) {
            case LSTM -> F.lstm(in[0], new RecurrentState(in[1], in[2]), w, cfg, lengths, false, null);
            case GRU -> F.gru(in[0], RecurrentState.of(in[1]), w, cfg, lengths, false, null);
            case RNN_TANH -> F.rnn(in[0], RecurrentState.of(in[1]), w, cfg, "tanh", lengths, false, null);
        };
        List<Tensor> parts = new ArrayList<>(List.of(out.output().reshape(-1), out.state().h().reshape(-1)));
        if (out.state().c() != null) parts.add(out.state().c().reshape(-1));
        return Tensor.cat(parts, 0);
    }

    @Test
    void stackedBidirectionalBatchFirstLayersWithLengthsPassGradientChecks() {
        RecurrentConfig cfg = RecurrentConfig.of(IN, H).withNumLayers(2).withBidirectional(true).withBatchFirst(true);
        Tensor lengths = Tensor.of(new long[] {4, 2, 3}, 3);
        RecurrentConfig plain = cfg.withBias(false).withBidirectional(false);
        long seed = 1;
        for (RecurrentCell cell : RecurrentCell.values()) {
            GradCoverage.assertGradients(in -> run(cell, cfg, in, lengths), inputs(cell, cfg, seed++));
            GradCoverage.assertGradients(in -> run(cell, plain, in, null), inputs(cell, plain, seed++));
        }
    }

    @Test
    void paddedStepsLeaveStatesAndGradientsAlone() {
        LSTM lstm = new LSTM(RecurrentConfig.of(IN, H).withBatchFirst(true).withBidirectional(true), new Generator(3));
        Tensor x = Tensor.randn(new Generator(4), B, T, IN).requiresGrad(true);
        RecurrentOutput out = lstm.call(x, null, Tensor.of(new long[] {4, 2, 3}, 3));
        // Row 1 alone, cut to its 2 real steps, gives the same outputs and final states.
        RecurrentOutput alone = lstm.call(x.detach().narrow(0, 1, 1).narrow(1, 0, 2), null);
        assertClose(out.output().narrow(0, 1, 1).narrow(1, 0, 2), alone.output());
        assertClose(out.state().h().narrow(1, 1, 1), alone.state().h());
        assertClose(out.state().c().narrow(1, 1, 1), alone.state().c());
        assertThat(out.output().narrow(0, 1, 1).narrow(1, 2, 2).abs().sum().item()).as("outputs past the length").isZero();
        out.output().sum().add(out.state().h().sum()).backward();
        assertThat(x.grad().narrow(0, 1, 1).narrow(1, 2, 2).abs().sum().item()).as("gradient of padded inputs").isZero();
        assertThat(x.grad().narrow(0, 1, 1).narrow(1, 0, 2).abs().sum().item()).as("gradient of real inputs").isPositive();
    }

    @Test
    void aPaddingMaskGivesTheLengths() {
        Tensor mask = Tensor.of(new float[] {1, 1, 0, 1, 1, 1, 1, 0, 0}, 3, 3);
        assertThat(F.sequenceLengths(mask).toLongArray()).containsExactly(2, 3, 1);
        assertThatThrownBy(() -> F.sequenceLengths(Tensor.of(new float[] {1, 0, 1}, 1, 3)))
                .hasMessageContaining("row 0 of the mask is not a prefix");
    }

    @Test
    void dropoutActsBetweenLayersInTrainingOnlyAndFollowsItsGenerator() {
        RecurrentConfig cfg = RecurrentConfig.of(IN, H).withNumLayers(2).withDropout(0.5);
        Tensor x = Tensor.randn(new Generator(5), T, B, IN);
        LSTM a = new LSTM(cfg, new Generator(6)), b = new LSTM(cfg, new Generator(6)), none = new LSTM(cfg.withDropout(0), new Generator(6));
        Tensor ya = a.call(x), yb = b.call(x), y0 = none.call(x);
        assertClose(ya, yb);
        assertThat(ya.sub(y0).abs().sum().item()).as("training differs from no dropout").isPositive();
        a.eval();
        assertClose(a.call(x), y0);
        // One layer: nothing lies between layers, so dropout changes nothing.
        LSTM one = new LSTM(RecurrentConfig.of(IN, H).withDropout(0.5), new Generator(7));
        LSTM oneNone = new LSTM(RecurrentConfig.of(IN, H), new Generator(7));
        assertClose(one.call(x), oneNone.call(x));
    }

    @Test
    void stateDetachesAndSelectsRowsAlongTheBatch() {
        GRU gru = new GRU(RecurrentConfig.of(IN, H).withNumLayers(2), new Generator(8));
        Tensor x = Tensor.randn(new Generator(9), T, B, IN).requiresGrad(true);
        RecurrentState s = gru.call(x, null).state();
        assertThat(s.h().requiresGrad()).isTrue();
        assertThat(s.detach().h().requiresGrad()).isFalse();
        RecurrentState picked = s.select(Tensor.of(new long[] {2, 0, 2}, 3));
        assertThat(picked.h().shape()).containsExactly(2, 3, H);
        assertClose(picked.h().select(1, 0), s.h().select(1, 2));
        assertClose(picked.h().select(1, 1), s.h().select(1, 0));
        // Carrying the state on equals running the whole sequence at once.
        Tensor whole = gru.call(Tensor.cat(List.of(x, x), 0), null).output().narrow(0, T, T);
        assertClose(gru.call(x, s).output(), whole);
    }

    @Test
    void callOfOneTensorGivesTheOutputInsideASequentialAndHooksSeeTheRecord() throws Exception {
        LSTM lstm = new LSTM(RecurrentConfig.of(IN, H).withBatchFirst(true), new Generator(10));
        Sequential model = new Sequential(lstm, new Linear(H, 2, true, new Generator(11)));
        List<Object> seen = new ArrayList<>();
        try (var hook = lstm.registerForwardHook((m, in, out) -> seen.add(out))) {
            assertThat(model.call(Tensor.randn(new Generator(12), B, T, IN)).shape()).containsExactly(B, T, 2);
            lstm.call(Tensor.randn(new Generator(13), B, T, IN), null);
        }
        assertThat(seen).hasSize(2);
        assertThat(seen.get(1)).isInstanceOf(RecurrentOutput.class);
        assertThat(lstm.namedParameters().keySet()).containsExactly("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0");
    }

    @Test
    void aRetainedGraphGivesTheSameGradientsOnEveryBackward() {
        LSTM lstm = new LSTM(RecurrentConfig.of(IN, H).withNumLayers(2), new Generator(18));
        Tensor x = Tensor.randn(new Generator(19), T, B, IN).requiresGrad(true);
        Tensor loss = lstm.call(x).square().sum();
        loss.backward(Tensor.scalar(1), true, false);
        Tensor first = x.grad().detach().contiguous().mul(1.0), firstW = lstm.flatWeights().get(0).grad().mul(1.0);
        x.setGrad(null);
        for (Tensor w : lstm.flatWeights()) w.setGrad(null);
        loss.backward(); // the last pass may reuse the saved buffers
        assertClose(x.grad(), first);
        assertClose(lstm.flatWeights().get(0).grad(), firstW);
    }

    @Test
    void theFusedRecurrenceRefusesASecondOrderGradient() {
        RNN rnn = new RNN(RecurrentConfig.of(IN, H), "tanh", new Generator(14));
        Tensor x = Tensor.randn(new Generator(15), T, B, IN).requiresGrad(true);
        Tensor y = rnn.call(x).sum();
        assertThatThrownBy(() -> y.backward(Tensor.scalar(1), true, true)).hasMessageContaining("no second-order gradient");
    }

    @Test
    void badInputsSayWhatIsWrong() {
        LSTM lstm = new LSTM(RecurrentConfig.of(IN, H).withNumLayers(2), new Generator(16));
        Tensor x = Tensor.randn(new Generator(17), T, B, IN);
        assertThatThrownBy(() -> lstm.call(Tensor.zeros(T, B, IN + 1))).hasMessage("LSTM(3, 3, num_layers=2): lstm: expected input with 3 features, got [4, 3, 4]");
        assertThatThrownBy(() -> lstm.call(x, RecurrentState.of(Tensor.zeros(2, B, H)))).hasMessageContaining("the state needs c beside h");
        assertThatThrownBy(() -> lstm.call(x, new RecurrentState(Tensor.zeros(1, B, H), Tensor.zeros(1, B, H))))
                .hasMessageContaining("initial h must be [2, 3, 3], got [1, 3, 3]");
        assertThatThrownBy(() -> lstm.call(x, null, Tensor.of(new long[] {4, 5, 1}, 3))).hasMessageContaining("lengths must be within [1, 4]");
        assertThatThrownBy(() -> new RNN(RecurrentConfig.of(IN, H), "sigmoid", new Generator(1))).hasMessageContaining("nonlinearity must be 'tanh' or 'relu'");
        assertThatThrownBy(() -> RecurrentConfig.of(IN, H).withDropout(1.5)).hasMessageContaining("dropout must be within [0, 1]");
        assertThatThrownBy(() -> new GRUCell(IN, H).call(Tensor.zeros(B, IN), Tensor.zeros(B, H + 1))).hasMessageContaining("hidden state must be [3, 3]");
    }

    private static void assertClose(Tensor a, Tensor b) {
        try (var s = GradMode.noGrad()) {
            assertThat(a.shape()).isEqualTo(b.shape());
            assertThat(a.sub(b).abs().max().item()).isLessThan(1e-6);
        }
    }
}
