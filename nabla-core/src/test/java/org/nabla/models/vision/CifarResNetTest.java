package org.nabla.models.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.nabla.models.Models;
import org.nabla.nn.Module;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

class CifarResNetTest {
    private static long parameters(Module m) { return m.parameters().stream().mapToLong(p -> p.numel()).sum(); }

    @Test
    void resnet20HasTheReferenceBenchmarksParameterCountAndTorchvisionKeys() {
        Module m = Models.create("resnet20", new int[] {3, 32, 32}, 10, new Generator(0));
        assertEquals(272_474, parameters(m)); // ref_bench.py ResNet20(): nparams 272474
        assertTrue(m.namedParameters().containsKey("layer2.0.downsample.0.weight"));
        assertTrue(m.namedParameters().containsKey("layer3.2.bn2.bias"));
        assertEquals(1_117_162, parameters(Models.create("cifar_cnn", new int[] {3, 32, 32}, 10, new Generator(0)))); // ref_bench cifar_cnn()
    }

    @Test
    void depthSetsTheBlocksAndAnyImageSizeGivesClassScores() {
        Module m = new CifarResNet(8, 1, 7, new Generator(1));
        assertTrue(m.namedParameters().containsKey("layer3.0.conv2.weight"));
        assertTrue(!m.namedParameters().containsKey("layer3.1.conv1.weight"));
        assertArrayEquals(new int[] {2, 7}, m.call(Tensor.randn(new Generator(2), 2, 1, 28, 28)).shape());
        assertThrows(IllegalArgumentException.class, () -> new CifarResNet(21, 3, 10, new Generator(0)));
    }
}
