package org.nabla.nn.recurrent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.nabla.backend.RecurrentCell;
import org.nabla.nn.Module;
import org.nabla.nn.Parameter;
import org.nabla.nn.init.Init;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * What {@link RNN}, {@link LSTM} and {@link GRU} share, as PyTorch's RNNBase: the parameters of every layer l and
 * direction ({@code weight_ih_l<l>[_reverse]} [G*H, in], {@code weight_hh_l<l>[_reverse]} [G*H, H], {@code bias_ih_...},
 * {@code bias_hh_...} [G*H]), all initialised uniform in [-1/sqrt(H), 1/sqrt(H)] from the generator in that order,
 * and the entry points. {@code call(x)} returns the output alone (so the layer fits in a {@code Sequential});
 * {@code call(x, state)} and {@code call(x, state, lengths)} return the output and the final state. The math is
 * in {@code F.rnn}, {@code F.lstm} and {@code F.gru}.
 */
public abstract sealed class RecurrentLayer extends Module permits RNN, LSTM, GRU {
    private final RecurrentConfig config;
    private final List<Tensor> weights = new ArrayList<>();
    /** Draws the dropout masks between layers in training. */
    protected final Generator gen;

    RecurrentLayer(RecurrentCell cell, RecurrentConfig config, Generator gen) {
        this.config = config;
        this.gen = gen;
        int h = config.hiddenSize(), gh = cell.gates * h;
        double bound = 1 / Math.sqrt(h);
        for (int l = 0; l < config.numLayers(); l++) {
            int in = l == 0 ? config.inputSize() : h * config.directions();
            for (int d = 0; d < config.directions(); d++) {
                String suffix = "_l" + l + (d == 1 ? "_reverse" : "");
                List<Parameter> these = new ArrayList<>();
                these.add(registerParameter("weight_ih" + suffix, Parameter.zeros(gh, in)));
                these.add(registerParameter("weight_hh" + suffix, Parameter.zeros(gh, h)));
                if (config.bias()) {
                    these.add(registerParameter("bias_ih" + suffix, Parameter.zeros(gh)));
                    these.add(registerParameter("bias_hh" + suffix, Parameter.zeros(gh)));
                }
                for (Parameter p : these) Init.uniform(p, -bound, bound, gen);
                weights.addAll(these);
            }
        }
    }

    public RecurrentConfig config() { return config; }

    /**
     * The parameters in PyTorch's flat order (per layer, per direction: weight_ih, weight_hh, bias_ih, bias_hh), as
     * the F functions take them (loading a state dict copies into these same parameters).
     */
    public List<Tensor> flatWeights() { return Collections.unmodifiableList(weights); }

    /** The output [T, B, D * H] (batch-first [B, T, D * H]) from a zero state. */
    @Override
    public Tensor forward(Tensor x) { return forward(x, null, null).output(); }

    /** The output and the final state, from state (null: zeros). */
    public RecurrentOutput call(Tensor x, RecurrentState state) { return invoke(() -> forward(x, state, null), x, state); }

    /**
     * A batch of sequences of different lengths (int64 or int32 [B], each within [1, T]): row b only runs its first
     * lengths[b] steps (its outputs past them are zero, its final state is the one after its last step, and the
     * reverse direction starts at that step), as PyTorch's pack_padded_sequence / pad_packed_sequence give.
     */
    public RecurrentOutput call(Tensor x, RecurrentState state, Tensor lengths) { return invoke(() -> forward(x, state, lengths), x, state, lengths); }

    protected abstract RecurrentOutput forward(Tensor x, RecurrentState state, Tensor lengths);

    @Override
    protected String extraRepr() { return config.repr(); }
}
