package org.nabla.models.vision;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nabla.nn.AdaptiveAvgPool2d;
import org.nabla.nn.BatchNorm2d;
import org.nabla.nn.Conv2d;
import org.nabla.nn.Linear;
import org.nabla.nn.MaxPool2d;
import org.nabla.nn.Module;
import org.nabla.nn.Sequential;
import org.nabla.nn.Submodule;
import org.nabla.nn.functional.F;
import org.nabla.nn.init.Init;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * The ImageNet ResNets as torchvision 0.14 builds them ({@code torchvision/models/resnet.py}), with the same
 * module structure, state-dict keys and parameter counts: the stem {@code conv1} (7x7, stride 2, 64 channels),
 * {@code bn1}, ReLU, {@code maxpool} (3x3, stride 2, padding 1); four stages {@code layer1}..{@code layer4} of
 * {@link BasicBlock}s or {@link Bottleneck}s with widths 64, 128, 256, 512 (stride 2 from the second stage on, in
 * the first block's 3x3 convolution); {@code avgpool} (adaptive, to 1x1) and {@code fc}. Initialised as
 * torchvision: convolutions Kaiming-normal (fan out, ReLU), batch norm weight 1 and bias 0, fc PyTorch's default.
 * With a squeeze-and-excitation reduction every block carries an {@code se} module (SE-ResNet, Hu et al. 2018;
 * torchvision has none). Adaptive pooling takes any C x H x W with H, W >= 32.
 */
public final class ResNet extends Module {
    /** The residual block kind. */
    public enum Block { BASIC, BOTTLENECK }

    /**
     * A ResNet's shape: block kind, blocks per stage, groups and width per group of the bottleneck's 3x3
     * convolution (1 and 64 for a plain ResNet), squeeze-and-excitation reduction (0: none).
     */
    public record Config(Block block, int[] layers, int groups, int widthPerGroup, int seReduction) {
        public Config {
            layers = layers.clone();
            if (layers.length != 4 || Arrays.stream(layers).anyMatch(n -> n < 1))
                throw new IllegalArgumentException("ResNet: need 4 stages of at least 1 block, got " + Arrays.toString(layers));
            if (groups < 1 || widthPerGroup < 1 || seReduction < 0)
                throw new IllegalArgumentException("ResNet: groups and width per group must be positive, the SE reduction non-negative");
            if (block == Block.BASIC && (groups != 1 || widthPerGroup != 64))
                throw new IllegalArgumentException("ResNet: BasicBlock only supports groups=1 and width per group 64 (as torchvision)");
        }

        @Override
        public int[] layers() { return layers.clone(); }

        public static Config resnet18() { return new Config(Block.BASIC, new int[] {2, 2, 2, 2}, 1, 64, 0); }

        public static Config resnet34() { return new Config(Block.BASIC, new int[] {3, 4, 6, 3}, 1, 64, 0); }

        public static Config resnet50() { return new Config(Block.BOTTLENECK, new int[] {3, 4, 6, 3}, 1, 64, 0); }

        public static Config resnext50_32x4d() { return new Config(Block.BOTTLENECK, new int[] {3, 4, 6, 3}, 32, 4, 0); }

        public static Config wideResnet50_2() { return new Config(Block.BOTTLENECK, new int[] {3, 4, 6, 3}, 1, 128, 0); }

        public static Config seResnet50() { return new Config(Block.BOTTLENECK, new int[] {3, 4, 6, 3}, 1, 64, 16); }
    }

    /** The smallest height and width the stem and the four stages take (each halves the size once). */
    public static final int MIN_SIZE = 32;

    private final Submodule<Conv2d> conv1;
    private final Submodule<Module> bn1; // any module: Fusion.fuseConvBn puts an Identity in place
    private final Submodule<MaxPool2d> maxpool;
    private final List<Submodule<Sequential>> stages = new ArrayList<>();
    private final Submodule<AdaptiveAvgPool2d> avgpool;
    private final Submodule<Module> fc; // any module, so fc = Identity makes a feature extractor (as in torchvision)

    public ResNet(Config config, int inChannels, int classes, Generator gen) {
        conv1 = registerModule("conv1", Conv2d.class, Conv2d.builder(inChannels, 64, 7).stride(2).padding(3).bias(false).generator(gen).build());
        bn1 = registerModule("bn1", Module.class, new BatchNorm2d(64));
        maxpool = registerModule("maxpool", MaxPool2d.class, new MaxPool2d(3, 2, 1, false));
        int in = 64;
        int[] layers = config.layers();
        for (int s = 0; s < layers.length; s++) {
            int channels = 64 << s;
            List<Module> blocks = new ArrayList<>();
            for (int i = 0; i < layers[s]; i++) {
                int stride = s > 0 && i == 0 ? 2 : 1;
                if (config.block() == Block.BASIC) {
                    blocks.add(new BasicBlock(in, channels, stride, config.seReduction(), gen));
                    in = channels;
                } else {
                    blocks.add(new Bottleneck(in, channels, stride, config.groups(), config.widthPerGroup(), config.seReduction(), gen));
                    in = channels * Bottleneck.EXPANSION;
                }
            }
            stages.add(registerModule("layer" + (s + 1), Sequential.class, new Sequential(blocks.toArray(Module[]::new))));
        }
        avgpool = registerModule("avgpool", AdaptiveAvgPool2d.class, new AdaptiveAvgPool2d(1));
        fc = registerModule("fc", new Linear(in, classes, true, gen));
        apply(m -> {
            if (m instanceof Conv2d c) Init.kaimingNormal(c.weight, 0, Init.FanMode.FAN_OUT, Init.Nonlinearity.RELU, gen);
        });
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() != 4 || x.size(2) < MIN_SIZE || x.size(3) < MIN_SIZE)
            throw new IllegalArgumentException("ResNet: expected input [N, C, H, W] with H, W >= " + MIN_SIZE + ", got " + Arrays.toString(x.shape()));
        Tensor h = maxpool.get().call(F.relu(bn1.get().call(conv1.get().call(x))));
        for (Submodule<Sequential> stage : stages) h = stage.get().call(h);
        return fc.get().call(avgpool.get().call(h).flatten(1, -1));
    }
}
