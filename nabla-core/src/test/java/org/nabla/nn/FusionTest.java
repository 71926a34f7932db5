package org.nabla.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nabla.autograd.GradMode;
import org.nabla.models.Models;
import org.nabla.nn.init.Init;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/** Batch norm folded into the convolution before it gives the eval-mode outputs of the unfused pair. */
class FusionTest {

    /** Running statistics from a few training batches and affine parameters away from 1 and 0, then eval mode. */
    private static <M extends Module> M trainedThenEval(M model, Generator gen, int... inputShape) {
        for (Module m : model.namedModules().values())
            if (m instanceof BatchNorm2d bn && bn.weight != null) {
                Init.normal(bn.weight, 1, 0.3, gen);
                Init.normal(bn.bias, 0, 0.3, gen);
            }
        try (var s = GradMode.noGrad()) {
            for (int i = 0; i < 3; i++) model.call(Tensor.randn(gen, inputShape).mul(1 + i).add(0.5 * i));
        }
        model.eval();
        return model;
    }

    private static double maxRelativeDifference(Tensor a, Tensor b) {
        return a.sub(b).abs().max().item() / Math.max(1e-12, b.abs().max().item());
    }

    @Test
    void aFusedPairGivesTheEvalOutputsOfConvThenBatchNorm() {
        Generator gen = new Generator(3);
        // With a bias, strides, dilation and groups; and a batch norm without affine parameters.
        Conv2d conv = Conv2d.builder(4, 6, 3, 2).stride(2, 1).padding(1, 2).dilation(1, 2).groups(2).bias(true).generator(gen).build();
        for (BatchNorm2d bn : List.of(new BatchNorm2d(6), new BatchNorm2d(6, 1e-3, 0.1, false, true))) {
            Sequential pair = trainedThenEval(new Sequential(conv, bn), gen, 5, 4, 9, 8);
            Tensor x = Tensor.randn(gen, 2, 4, 9, 8);
            Tensor want, got;
            try (var s = GradMode.noGrad()) {
                want = pair.call(x);
                got = Fusion.fuseConvBn(conv, bn).call(x);
            }
            assertThat(got.shape()).containsExactly(want.shape());
            assertThat(maxRelativeDifference(got, want)).isLessThan(1e-5);
        }
    }

    @Test
    void theReferenceCifarCnnGivesTheSameEvalOutputsAfterFusion() {
        Generator gen = new Generator(4);
        Module model = trainedThenEval(Models.create("cifar_cnn", new int[] {3, 16, 16}, 10, gen), gen, 8, 3, 16, 16);
        Tensor x = Tensor.randn(gen, 4, 3, 16, 16);
        Tensor before, after;
        try (var s = GradMode.noGrad()) {
            before = model.call(x);
            assertThat(Fusion.fuseConvBn(model, x)).containsExactly("0", "3", "7", "10");
            after = model.call(x);
        }
        assertThat(model.submodule("1")).isInstanceOf(Identity.class);
        assertThat(model.submodule("0")).isInstanceOf(Conv2d.class);
        assertThat(((Conv2d) model.submodule("0")).bias).isNotNull();
        assertThat(model.namedModules().values()).noneMatch(m -> m instanceof BatchNorm2d);
        assertThat(maxRelativeDifference(after, before)).isLessThan(1e-4);
    }

    @Test
    void pairsThatDoNotMatchAreRefusedOrLeftAlone() {
        Conv2d conv = new Conv2d(3, 4, 3);
        assertThatThrownBy(() -> Fusion.fuseConvBn(conv, new BatchNorm2d(5)))
                .hasMessageStartingWith("fuseConvBn: Conv2d and BatchNorm2d cannot be fused");
        // A batch norm without running statistics normalises with batch statistics in eval mode too: not fused.
        Sequential seq = new Sequential(conv, new BatchNorm2d(4, 1e-5, 0.1, true, false), new Conv2d(4, 4, 1));
        seq.eval();
        assertThat(Fusion.fuseConvBn(seq, Tensor.zeros(1, 3, 8, 8))).isEmpty();
        assertThat(seq.submodule("1")).isInstanceOf(BatchNorm2d.class);
        // In training mode batch norm uses batch statistics: refused.
        Sequential training = new Sequential(new Conv2d(3, 4, 3), new BatchNorm2d(4));
        assertThatThrownBy(() -> Fusion.fuseConvBn(training, Tensor.zeros(1, 3, 8, 8)))
                .hasMessageContaining("training mode; call eval() first");
    }

    /** bn(conv(x)) + conv(x): the convolution's output has a second reader, so folding bn into it would change it. */
    static final class SharedOutput extends Module {
        final Submodule<Conv2d> conv = registerModule("conv", Conv2d.class, new Conv2d(2, 3, 3));
        final Submodule<Module> bn = registerModule("bn", Module.class, new BatchNorm2d(3));

        @Override
        public Tensor forward(Tensor x) {
            Tensor y = conv.get().call(x);
            return bn.get().call(y).add(y);
        }
    }

    @Test
    void aConvolutionWhoseOutputHasAnotherReaderIsLeftAlone() {
        Generator gen = new Generator(6);
        SharedOutput model = trainedThenEval(new SharedOutput(), gen, 4, 2, 7, 7);
        assertThat(Fusion.fuseConvBn(model, Tensor.randn(gen, 1, 2, 7, 7))).isEmpty();
        assertThat(model.submodule("bn")).isInstanceOf(BatchNorm2d.class);
    }

    @Test
    void residualAndDenseBlocksFuseTheirPairsAndKeepTheirOutputs() {
        Generator gen = new Generator(5);
        // resnet20: the stem, two pairs per block (9 blocks) and the two 1x1 shortcuts; densenet_bc: conv1 -> norm2 in
        // each layer (norm1 reads the concatenated features, the transitions' norm comes before their conv).
        for (String name : List.of("resnet20", "densenet_bc")) {
            Module model = trainedThenEval(Models.create(name, new int[] {3, 16, 16}, 10, gen), gen, 8, 3, 16, 16);
            Tensor x = Tensor.randn(gen, 3, 3, 16, 16);
            Tensor before, after;
            List<String> fused;
            try (var s = GradMode.noGrad()) {
                before = model.call(x);
                fused = Fusion.fuseConvBn(model, x.narrow(0, 0, 1));
                after = model.call(x);
            }
            long identities = model.namedModules().values().stream().filter(m -> m instanceof Identity).count();
            assertThat(identities).as(name).isEqualTo(fused.size());
            if (name.equals("resnet20")) {
                assertThat(fused).hasSize(21).contains("conv1", "layer1.0.conv1", "layer1.0.conv2", "layer2.0.downsample.0");
                assertThat(model.namedModules().values()).noneMatch(m -> m instanceof BatchNorm2d);
            } else {
                assertThat(fused).isNotEmpty().allMatch(p -> p.endsWith(".conv1"));
                assertThat(model.submodule(fused.get(0).replace("conv1", "norm2"))).isInstanceOf(Identity.class);
                assertThat(model.submodule(fused.get(0).replace("conv1", "norm1"))).isInstanceOf(BatchNorm2d.class);
            }
            assertThat(maxRelativeDifference(after, before)).as(name).isLessThan(1e-4);
        }
    }
}
