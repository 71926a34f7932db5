package org.nabla.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nabla.autograd.GradMode;
import org.nabla.tensor.Tensor;

/**
 * Inference-time rewrites of a module tree. {@link #fuseConvBn(Module)} folds each batch norm into the convolution
 * before it, as PyTorch's {@code torch.nn.utils.fusion.fuse_conv_bn_eval} does: in eval mode
 * bn(conv(x)) = conv'(x) with, per output channel, s = gamma / sqrt(running_var + eps),
 * W' = W s and b' = (b - running_mean) s + beta. One pass over the activations instead of two.
 */
public final class Fusion {
    private Fusion() {}

    /**
     * A new Conv2d computing {@code bn(conv(x))} with bn's running statistics (what both compute in eval mode);
     * conv and bn are left as they are.
     */
    public static Conv2d fuseConvBn(Conv2d conv, BatchNorm2d bn) {
        if (!fusable(conv, bn))
            throw new IllegalArgumentException("fuseConvBn: " + conv.name() + " and " + bn.name()
                    + " cannot be fused (a non-transposed convolution with integer padding followed by a batch norm over its "
                    + conv.outChannels() + " channels with running statistics)");
        int out = conv.outChannels();
        int[] k = conv.kernelSize();
        Conv2d fused = Conv2d.builder(conv.inChannels(), out, k[0], k[1]).stride(conv.stride()).padding(conv.padding())
                .dilation(conv.dilation()).groups(conv.groups()).bias(true).build();
        try (var s = GradMode.noGrad()) {
            Tensor scale = bn.runningVar.to(conv.weight.dtype()).add(bn.eps()).sqrt().reciprocal();
            if (bn.weight != null) scale = scale.mul(bn.weight);
            Tensor shift = bn.runningMean.to(conv.weight.dtype()).neg();
            if (conv.bias != null) shift = shift.add(conv.bias);
            shift = shift.mul(scale);
            if (bn.bias != null) shift = shift.add(bn.bias);
            fused.weight.copyFrom(conv.weight.mul(scale.reshape(out, 1, 1, 1)));
            fused.bias.copyFrom(shift);
        }
        if (!conv.isTraining()) fused.eval();
        return fused;
    }

    /**
     * Fuses, in every {@link Sequential} of the tree, each Conv2d directly followed by a BatchNorm2d with running
     * statistics: the convolution becomes the fused one and the batch norm an {@link Identity}. Meant for a model in
     * eval mode (the outputs stay the same there; training would no longer normalise with batch statistics).
     * Returns the paths of the convolutions fused. Pairs inside other modules (a residual block's c1/b1) stay as
     * they are.
     */
    public static List<String> fuseConvBn(Module model) {
        List<String> fused = new ArrayList<>();
        for (Map.Entry<String, Module> e : model.namedModules().entrySet()) {
            if (!(e.getValue() instanceof Sequential seq)) continue;
            String prefix = e.getKey().isEmpty() ? "" : e.getKey() + ".";
            List<String> names = new ArrayList<>(seq.children().keySet());
            for (int i = 0; i + 1 < names.size(); i++) {
                Module a = seq.children().get(names.get(i)), b = seq.children().get(names.get(i + 1));
                if (a instanceof Conv2d conv && b instanceof BatchNorm2d bn && fusable(conv, bn)) {
                    model.replace(prefix + names.get(i), fuseConvBn(conv, bn));
                    Identity identity = new Identity();
                    if (!bn.isTraining()) identity.eval();
                    model.replace(prefix + names.get(i + 1), identity);
                    fused.add(prefix + names.get(i));
                    i++;
                }
            }
        }
        return fused;
    }

    private static boolean fusable(Conv2d conv, BatchNorm2d bn) {
        return !conv.isTransposed() && conv.paddingMode == null && bn.runningMean != null && bn.runningVar != null
                && bn.numFeatures() == conv.outChannels();
    }
}
