package org.nabla.nn.attention;

import java.util.ArrayList;
import java.util.List;
import org.nabla.nn.LayerNorm;
import org.nabla.nn.Module;
import org.nabla.nn.ModuleList;
import org.nabla.nn.Submodule;
import org.nabla.tensor.Tensor;

/**
 * A stack of decoder layers, as {@code torch.nn.TransformerDecoder}: {@code layers.0}, {@code layers.1}, ... and an
 * optional final {@code norm}. As PyTorch, every layer starts as a copy of the given one.
 */
public final class TransformerDecoder extends Module {
    private final ModuleList layers;
    private final Submodule<LayerNorm> norm;

    /** numLayers copies of layer, then norm (null: none). */
    public TransformerDecoder(TransformerDecoderLayer layer, int numLayers, LayerNorm norm) {
        if (numLayers <= 0) throw new IllegalArgumentException("TransformerDecoder: num_layers must be positive, got " + numLayers);
        layers = new ModuleList(layer);
        for (int i = 1; i < numLayers; i++) {
            TransformerDecoderLayer copy = new TransformerDecoderLayer(layer.options(), layer.generator());
            copy.loadStateDict(layer.stateDict(), true);
            layers.add(copy);
        }
        registerModule("layers", ModuleList.class, layers);
        this.norm = norm == null ? null : registerModule("norm", LayerNorm.class, norm);
    }

    public Tensor call(Tensor tgt, Tensor memory) { return call(tgt, memory, null, null, null, null); }

    /** The masks of {@link TransformerDecoderLayer#call(Tensor, Tensor, Tensor, Tensor, Tensor, Tensor)}, passed to every layer. */
    public Tensor call(Tensor tgt, Tensor memory, Tensor tgtMask, Tensor memoryMask, Tensor tgtKeyPaddingMask, Tensor memoryKeyPaddingMask) {
        return invoke(() -> {
            Tensor x = tgt;
            for (Module layer : layers)
                x = ((TransformerDecoderLayer) layer).call(x, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask);
            return norm == null ? x : norm.get().call(x);
        }, tgt, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask);
    }

    /** The layers in order. */
    public List<TransformerDecoderLayer> layers() {
        List<TransformerDecoderLayer> out = new ArrayList<>();
        for (Module m : layers) out.add((TransformerDecoderLayer) m);
        return out;
    }
}
