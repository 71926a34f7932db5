package org.nabla.nn;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nabla.autograd.Node;
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
     * Fuses every Conv2d whose output goes only into a BatchNorm2d with running statistics, anywhere in the tree
     * (a Sequential's neighbours, a residual block's conv1/bn1, a DenseNet layer's conv1/norm2): the convolution
     * becomes the fused one and the batch norm an {@link Identity}. The pairs are found by tracing one forward pass
     * of {@code sample} with hooks on the convolutions and batch norms, and the recorded graph tells how many ops
     * read each convolution's output. A pair is skipped when a module runs twice in the pass, its output feeds
     * anything else, or the parent's handle does not accept an Identity. The model must be in eval mode (the outputs
     * stay the same there; training would no longer normalise with batch statistics). Returns the paths of the
     * convolutions fused, in the order they ran.
     */
    public static List<String> fuseConvBn(Module model, Tensor sample) {
        if (model.isTraining())
            throw new IllegalStateException("fuseConvBn: " + model.name() + " is in training mode; call eval() first");
        Map<Module, String> paths = new IdentityHashMap<>();
        model.namedModules().forEach((path, m) -> { if (m instanceof Conv2d || m instanceof BatchNorm2d) paths.putIfAbsent(m, path); });
        Map<Tensor, Conv2d> convOutputs = new IdentityHashMap<>();
        Map<Module, Integer> calls = new IdentityHashMap<>();
        List<Map.Entry<BatchNorm2d, Tensor>> norms = new ArrayList<>();
        List<AutoCloseable> hooks = new ArrayList<>();
        for (Module m : paths.keySet())
            hooks.add(m.registerForwardHook((module, inputs, output) -> {
                calls.merge(module, 1, Integer::sum);
                if (module instanceof Conv2d conv && output instanceof Tensor t) convOutputs.put(t, conv);
                if (module instanceof BatchNorm2d bn && inputs.size() == 1 && inputs.get(0) instanceof Tensor t) norms.add(Map.entry(bn, t));
            }));
        Tensor out;
        try (var g = GradMode.enableGrad()) {
            out = model.call(sample.detach().requiresGrad(true)); // a graph even where the parameters are frozen
        } finally {
            hooks.forEach(Fusion::close);
        }
        Map<Tensor, Integer> readers = readers(out);
        List<String> fused = new ArrayList<>();
        for (Map.Entry<BatchNorm2d, Tensor> e : norms) {
            BatchNorm2d bn = e.getKey();
            Conv2d conv = convOutputs.get(e.getValue());
            if (conv == null || calls.get(conv) != 1 || calls.get(bn) != 1 || readers.getOrDefault(e.getValue(), 0) != 1
                    || !fusable(conv, bn) || !model.accepts(paths.get(bn), Identity.class))
                continue;
            model.replace(paths.get(conv), fuseConvBn(conv, bn));
            Identity identity = new Identity();
            identity.eval();
            model.replace(paths.get(bn), identity);
            fused.add(paths.get(conv));
        }
        return fused;
    }

    /** How many recorded ops read each tensor of the graph that ends in out. */
    private static Map<Tensor, Integer> readers(Tensor out) {
        Map<Tensor, Integer> count = new IdentityHashMap<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Tensor> todo = new ArrayDeque<>(List.of(out));
        seen.add(out);
        while (!todo.isEmpty()) {
            Node node = todo.pop().gradFn();
            if (node == null) continue;
            for (Tensor in : node.inputs()) {
                count.merge(in, 1, Integer::sum);
                if (seen.add(in)) todo.push(in);
            }
        }
        return count;
    }

    private static void close(AutoCloseable hook) {
        try {
            hook.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean fusable(Conv2d conv, BatchNorm2d bn) {
        return !conv.isTransposed() && conv.paddingMode == null && bn.runningMean != null && bn.runningVar != null
                && bn.numFeatures() == conv.outChannels();
    }
}
