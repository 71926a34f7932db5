package org.nabla.models.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nabla.autograd.GradMode;
import org.nabla.models.Models;
import org.nabla.nn.Module;
import org.nabla.nn.functional.F;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * The classic zoo's structure: parameter counts (torchvision 0.14's {@code sum(p.numel())} for its models, the
 * PyTorch twins of {@code make_zoo_fixtures.py} for the CIFAR ones), GoogLeNet's auxiliary outputs, the smallest
 * inputs each model takes and the one-line refusal of smaller ones. Outputs against torchvision: ZooFixtureTest.
 */
class ClassicNetsTest {
    private static long parameters(Module m) { return m.parameters().stream().mapToLong(Tensor::numel).sum(); }

    private static Module create(String name, int classes, int... shape) { return Models.create(name, shape, classes, new Generator(0)); }

    private static Tensor eval(Module m, int... inputShape) {
        m.eval();
        try (var s = GradMode.noGrad()) {
            return m.call(Tensor.randn(new Generator(1), inputShape));
        }
    }

    @Test
    void googlenetHasTorchvisionsCountsAndItsAuxiliaryHeadsOnlyInTraining() {
        GoogLeNet m = (GoogLeNet) create("googlenet", 1000, 3, 224, 224);
        assertThat(parameters(m)).isEqualTo(13_004_888); // torchvision googlenet(aux_logits=True)
        assertThat(parameters(new GoogLeNet(3, 1000, false, new Generator(0)))).isEqualTo(6_624_904); // its weights' num_params
        assertThat(m.stateDict()).containsKeys("aux1.conv.bn.running_var", "aux2.fc2.bias", "inception4e.branch4.1.conv.weight");
        assertThat(m.namedModules().get("conv1.bn")).extracting(b -> ((org.nabla.nn.BatchNorm2d) b).eps()).isEqualTo(0.001);

        Tensor x = Tensor.randn(new Generator(2), 2, 3, 32, 32);
        m.train();
        GoogLeNet.Outputs out = m.callWithAux(x);
        assertThat(out.logits().shape()).containsExactly(2, 1000);
        assertThat(out.aux1().shape()).containsExactly(2, 1000);
        assertThat(out.aux2().shape()).containsExactly(2, 1000);
        m.eval();
        try (var s = GradMode.noGrad()) {
            GoogLeNet.Outputs inEval = m.callWithAux(x);
            assertThat(inEval.aux1()).isNull();
            assertThat(inEval.aux2()).isNull();
            assertThat(m.call(x).toFloatArray()).containsExactly(inEval.logits().toFloatArray());
        }
    }

    @Test
    void aTrainingStepReachesEveryParameterThroughTheAuxiliaryHeadsAndTheDenseConcatenations() {
        Tensor target = Tensor.of(new long[] {0, 2}, 2);
        GoogLeNet g = new GoogLeNet(3, 3, true, new Generator(3));
        g.train();
        GoogLeNet.Outputs out = g.callWithAux(Tensor.randn(new Generator(4), 2, 3, 15, 15));
        // the paper's weighting of the auxiliary losses
        F.crossEntropy(out.logits(), target).add(F.crossEntropy(out.aux1(), target).add(F.crossEntropy(out.aux2(), target)).mul(0.3)).backward();
        assertEveryParameterHasAFiniteGradient(g);

        for (Module m : new Module[] {DenseNet.cifar(10, 4, 3, 3, new Generator(5)), new InceptionCifar(3, 3, new Generator(6))}) {
            F.crossEntropy(m.train().call(Tensor.randn(new Generator(7), 2, 3, 8, 8)), target).backward();
            assertEveryParameterHasAFiniteGradient(m);
        }
    }

    private static void assertEveryParameterHasAFiniteGradient(Module m) {
        m.namedParameters().forEach((name, p) -> {
            assertThat(p.grad()).as(name + ": gradient").isNotNull();
            assertThat(Double.isFinite(p.grad().abs().sum().item())).as(name + ": finite gradient").isTrue();
        });
    }

    @Test
    void densenetsHaveTorchvisionsKeysAndThePapersCounts() {
        Module d121 = create("densenet121", 1000, 3, 224, 224);
        assertThat(parameters(d121)).isEqualTo(7_978_856); // torchvision densenet121
        assertThat(d121.stateDict()).containsKeys("features.denseblock1.denselayer1.norm1.weight", "features.transition3.conv.weight",
                "features.denseblock4.denselayer16.conv2.weight", "features.norm5.running_mean", "classifier.bias");

        Module bc = create("densenet_bc", 10, 3, 32, 32);
        // Huang et al. Table 2: DenseNet-BC (L = 100, k = 12) 0.8 M; exactly 769,162 as torchvision's DenseNet with the 3x3 stem
        assertThat(parameters(bc)).isEqualTo(769_162);
        assertThat(bc.stateDict()).containsKeys("features.conv0.weight", "features.denseblock3.denselayer16.conv2.weight", "features.transition2.norm.bias")
                .doesNotContainKeys("features.norm0.weight", "features.denseblock4.denselayer1.conv1.weight");
        assertThat(parameters(DenseNet.cifar(40, 12, 3, 10, new Generator(0)))).isEqualTo(176_122);
        assertThatThrownBy(() -> DenseNet.cifar(41, 12, 3, 10, new Generator(0))).hasMessageContaining("6n + 4");
    }

    @Test
    void cifarModelsTake32And28PixelImages() {
        assertThat(parameters(create("vgg_cifar", 10, 3, 32, 32))).isEqualTo(9_493_770);
        assertThat(parameters(create("inception_cifar", 10, 3, 32, 32))).isEqualTo(862_818);
        for (String name : new String[] {"vgg_cifar", "densenet_bc", "inception_cifar"}) {
            assertThat(eval(create(name, 10, 3, 32, 32), 2, 3, 32, 32).shape()).as(name).containsExactly(2, 10);
            assertThat(eval(create(name, 7, 1, 28, 28), 1, 1, 28, 28).shape()).as(name).containsExactly(1, 7);
        }
    }

    @Test
    void imagenetModelsTakeTheirSmallestInputAndRefuseSmallerOnesInOneLine() {
        assertThat(eval(create("alexnet", 5, 3, 63, 63), 1, 3, 63, 63).shape()).containsExactly(1, 5);
        assertThat(eval(create("googlenet", 5, 3, 15, 15), 1, 3, 15, 15).shape()).containsExactly(1, 5);
        assertThat(eval(create("densenet121", 5, 1, 29, 29), 1, 1, 29, 29).shape()).containsExactly(1, 5);
        assertThat(eval(ClassicNets.vggCifar(3, 4, new Generator(0)), 1, 3, 16, 16).shape()).containsExactly(1, 4);
        assertThatThrownBy(() -> create("alexnet", 10, 3, 62, 62)).hasMessage("alexnet takes C x H x W images with H, W >= 63, the data has samples of 3x62x62");
        assertThatThrownBy(() -> create("vgg16", 10, 3, 224)).hasMessageContaining("vgg16 takes C x H x W images");
        assertThatThrownBy(() -> create("densenet121", 10, 3, 28, 28)).hasMessageContaining(">= 29");
        assertThatThrownBy(() -> create("googlenet", 10, 1, 14, 64)).hasMessageContaining(">= 15");
    }
}
