package org.nabla.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;
import org.nabla.data.Datasets;
import org.nabla.models.Models;
import org.nabla.nn.Linear;
import org.nabla.nn.Module;
import org.nabla.nn.loss.Losses;
import org.nabla.optim.Optimizers;
import org.nabla.optim.schedule.Schedules;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

class RegistryTest {
    @Test
    void namesKeepTheirOrderAndUnknownNamesListTheKnownOnes() {
        Registry<IntUnaryOperator> r = new Registry<IntUnaryOperator>("doubler").register("twice", "x2", x -> 2 * x).register("thrice", "x3", x -> 3 * x);
        assertThat(r.names()).containsExactly("twice", "thrice");
        assertThat(r.get("thrice").applyAsInt(5)).isEqualTo(15);
        assertThat(r.entry("twice").description()).isEqualTo("x2");
        assertThatThrownBy(() -> r.get("once")).hasMessage("unknown doubler 'once'; available: twice, thrice");
        assertThatThrownBy(() -> r.register("twice", "again", x -> x)).hasMessage("Registry of doublers: 'twice' is already registered");
        assertThatThrownBy(() -> r.register(" x", "", x -> x)).hasMessageContaining("non-blank without surrounding spaces");
    }

    @Test
    void aRegisteredModelIsBuiltByName() {
        Models.REGISTRY.register("registry-test-linear", "one linear layer", (shape, outputs, gen) -> new Linear(shape[0], outputs, true, gen));
        Module m = Models.create("registry-test-linear", new int[] {3}, 2, new Generator(1));
        assertThat(m.call(Tensor.zeros(4, 3)).shape()).containsExactly(4, 2);
        assertThat(Models.REGISTRY.names()).startsWith("mlp", "lenet5", "cnn").contains("registry-test-linear");
    }

    @Test
    void csvAndFolderSourcesSayWhetherTheyHaveATestSplit(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Path csv = dir.resolve("t.csv");
        java.nio.file.Files.writeString(csv, "x,label\n1,0\n2,2\n");
        var source = Datasets.REGISTRY.get("csv").source();
        assertThat(source.load(csv.toString(), "label", true).classNames()).containsExactly("0", "1", "2");
        assertThat(source.load(csv.toString(), "label", false)).as("no official test split").isNull();
        for (String split : new String[] {"train", "test"})
            for (String cls : new String[] {"a", "b"}) {
                java.nio.file.Path d = java.nio.file.Files.createDirectories(dir.resolve("img").resolve(split).resolve(cls));
                javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(2, 2, java.awt.image.BufferedImage.TYPE_INT_RGB), "png", d.resolve("0.png").toFile());
            }
        var folder = Datasets.REGISTRY.get("folder").source();
        assertThat(folder.load(dir.resolve("img").toString(), null, false).data().size()).as("test/ holds the test split").isEqualTo(2);
        assertThat(folder.load(dir.resolve("img").toString(), null, true).classNames()).containsExactly("a", "b");
    }

    @Test
    void theBuiltInKindsAreRegistered() {
        assertThat(Optimizers.REGISTRY.names()).containsExactly("sgd", "nesterov", "adam", "adamw", "rmsprop", "adagrad", "adadelta");
        assertThat(Schedules.REGISTRY.names()).containsExactly("onecycle", "cosine", "restarts", "step", "exponential", "plateau", "none");
        assertThat(Losses.REGISTRY.names()).contains("cross-entropy", "mse", "l1", "huber");
        assertThat(Datasets.REGISTRY.names()).contains("digits", "mnist", "csv", "folder");
        Tensor w = Tensor.zeros(2).requiresGrad(true);
        assertThat(Optimizers.create("adam", java.util.List.of(w), new Optimizers.Settings(0.01, 0, 0)).paramGroups().get(0).lr()).isEqualTo(0.01);
    }
}
