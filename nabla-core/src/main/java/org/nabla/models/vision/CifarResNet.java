package org.nabla.models.vision;

import java.util.ArrayList;
import java.util.List;
import org.nabla.nn.AdaptiveAvgPool2d;
import org.nabla.nn.BatchNorm2d;
import org.nabla.nn.Conv2d;
import org.nabla.nn.Linear;
import org.nabla.nn.Module;
import org.nabla.nn.Sequential;
import org.nabla.nn.Submodule;
import org.nabla.nn.functional.F;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * The CIFAR ResNets of He et al. 2016 (section 4.2): a 3x3 convolution to 16 channels, three stages of n
 * {@link BasicBlock}s with 16, 32 and 64 channels (the first block of stages 2 and 3 halves the resolution with stride
 * 2 and a 1x1-convolution shortcut, option B, as the reference benchmark's ResNet20), global average pooling and a
 * linear classifier. Depth 6n + 2: resnet20 (n = 3, 272,474 parameters for 10 classes), resnet32, resnet56. Keys
 * follow torchvision's naming: {@code conv1}, {@code bn1}, {@code layer1.0.conv1}, ..., {@code fc}. Any C x H x W
 * input (32x32 CIFAR, 28x28 MNIST).
 */
public final class CifarResNet extends Module {
    private final Submodule<Conv2d> conv1;
    private final Submodule<Module> bn1; // any module: Fusion.fuseConvBn puts an Identity in place
    private final List<Submodule<Sequential>> stages = new ArrayList<>();
    private final Submodule<AdaptiveAvgPool2d> avgpool;
    private final Submodule<Module> fc; // any module, so fc = Identity makes a feature extractor (as in torchvision)

    /** depth = 6n + 2 (20, 32, 44, 56, 110, ...). */
    public CifarResNet(int depth, int inChannels, int classes, Generator gen) { this(depth, 0, inChannels, classes, gen); }

    /**
     * With seReduction > 0 every block has squeeze-and-excitation of that reduction (se_resnet20: 16, so the
     * 16-channel stage squeezes to 1 channel), {@code layerX.Y.se.fc1/fc2}.
     */
    public CifarResNet(int depth, int seReduction, int inChannels, int classes, Generator gen) {
        if (depth < 8 || (depth - 2) % 6 != 0) throw new IllegalArgumentException("cifar resnet: depth must be 6n + 2 (20, 32, 56, ...), got " + depth);
        int n = (depth - 2) / 6;
        conv1 = registerModule("conv1", Conv2d.class, BasicBlock.conv3x3(inChannels, 16, 1, gen));
        bn1 = registerModule("bn1", Module.class, new BatchNorm2d(16));
        int in = 16;
        int[] widths = {16, 32, 64};
        for (int s = 0; s < widths.length; s++) {
            List<Module> blocks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                blocks.add(new BasicBlock(in, widths[s], s > 0 && i == 0 ? 2 : 1, seReduction, gen));
                in = widths[s];
            }
            stages.add(registerModule("layer" + (s + 1), Sequential.class, new Sequential(blocks.toArray(Module[]::new))));
        }
        avgpool = registerModule("avgpool", AdaptiveAvgPool2d.class, new AdaptiveAvgPool2d(1));
        fc = registerModule("fc", new Linear(in, classes, true, gen));
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor h = F.relu(bn1.get().call(conv1.get().call(x)));
        for (Submodule<Sequential> stage : stages) h = stage.get().call(h);
        return fc.get().call(avgpool.get().call(h).flatten(1, -1));
    }
}
