package org.nabla.models.vision;

import org.nabla.nn.BatchNorm2d;
import org.nabla.nn.Conv2d;
import org.nabla.nn.Module;
import org.nabla.nn.Submodule;
import org.nabla.nn.functional.F;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * torchvision's {@code BasicConv2d} of GoogLeNet and Inception: {@code conv} (no bias), {@code bn} (eps 0.001, as
 * torchvision, not PyTorch's default 1e-5), ReLU.
 */
public final class BasicConv2d extends Module {
    private final Submodule<Conv2d> conv;
    private final Submodule<Module> bn; // any module: Fusion.fuseConvBn puts an Identity in place

    public BasicConv2d(int in, int out, int kernel, int stride, int padding, Generator gen) {
        conv = registerModule("conv", Conv2d.class, Conv2d.builder(in, out, kernel).stride(stride).padding(padding).bias(false).generator(gen).build());
        bn = registerModule("bn", Module.class, new BatchNorm2d(out, 0.001, 0.1, true, true));
    }

    /** A stride-1 convolution of this size and padding. */
    public BasicConv2d(int in, int out, int kernel, int padding, Generator gen) { this(in, out, kernel, 1, padding, gen); }

    @Override
    public Tensor forward(Tensor x) { return F.relu(bn.get().call(conv.get().call(x))); }
}
