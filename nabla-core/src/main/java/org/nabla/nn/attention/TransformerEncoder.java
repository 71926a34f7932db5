package org.nabla.nn.attention;

import java.util.ArrayList;
import java.util.List;
import org.nabla.nn.LayerNorm;
import org.nabla.nn.Module;
import org.nabla.nn.ModuleList;
import org.nabla.nn.Submodule;
import org.nabla.tensor.Tensor;

/**
 * A stack of encoder layers, as {@code torch.nn.TransformerEncoder}: {@code layers.0}, {@code layers.1}, ... and an
 * optional final {@code norm}. As PyTorch, every layer starts as a copy of the given one (same options and initial
 * values, its own parameters).
 */
public final class TransformerEncoder extends Module {
    private final ModuleList layers;
    private final Submodule<LayerNorm> norm;

    /** numLayers copies of layer, then norm (null: none). */
    public TransformerEncoder(TransformerEncoderLayer layer, int numLayers, LayerNorm norm) {
        if (numLayers <= 0) throw new IllegalArgumentException("TransformerEncoder: num_layers must be positive, got " + numLayers);
        layers = new ModuleList(layer);
        for (int i = 1; i < numLayers; i++) {
            TransformerEncoderLayer copy = new TransformerEncoderLayer(layer.options(), layer.generator());
            copy.loadStateDict(layer.stateDict(), true);
            layers.add(copy);
        }
        registerModule("layers", ModuleList.class, layers);
        this.norm = norm == null ? null : registerModule("norm", LayerNorm.class, norm);
    }

    @Override
    public Tensor forward(Tensor src) { return forward(src, null, null); }

    /** The masks of {@link TransformerEncoderLayer#call(Tensor, Tensor, Tensor)}, passed to every layer. */
    public Tensor call(Tensor src, Tensor mask, Tensor srcKeyPaddingMask) {
        return invoke(() -> forward(src, mask, srcKeyPaddingMask), src, mask, srcKeyPaddingMask);
    }

    private Tensor forward(Tensor src, Tensor mask, Tensor srcKeyPaddingMask) {
        Tensor x = src;
        for (Module layer : layers) x = ((TransformerEncoderLayer) layer).call(x, mask, srcKeyPaddingMask);
        return norm == null ? x : norm.get().call(x);
    }

    /** The layers in order. */
    public List<TransformerEncoderLayer> layers() {
        List<TransformerEncoderLayer> out = new ArrayList<>();
        for (Module m : layers) out.add((TransformerEncoderLayer) m);
        return out;
    }
}
