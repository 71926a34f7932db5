package org.nabla.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nabla.data.Batch;
import org.nabla.data.Normalizer;
import org.nabla.explain.PixelModel;
import org.nabla.nn.Flatten;
import org.nabla.nn.Linear;
import org.nabla.nn.Module;
import org.nabla.nn.Sequential;
import org.nabla.optim.Optimizer;
import org.nabla.tensor.DType;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;
import org.nabla.train.StepContext;
import org.nabla.train.StepResult;
import org.nabla.train.Task;

/** The adversarial task hands its task attacked batches, within the budget in pixels, and restores the model's mode. */
class AdversarialTrainingTest {
    @Test
    void trainsOnAttackedBatchesWithinTheBudgetInPixels() {
        Sequential model = new Sequential(new Flatten(), new Linear(4, 3, true, new Generator(0)));
        Normalizer norm = Normalizer.of(Normalizer.Mode.STANDARDIZE, true, new double[] {0.5}, new double[] {4}, new int[] {1, 2, 2});
        PixelModel pixels = new PixelModel(model, norm);
        List<Batch> seen = new ArrayList<>();
        List<Boolean> modes = new ArrayList<>();
        Task recorder = new Task() {
            @Override public Map<String, Module> models() { return Map.of("model", model); }

            @Override public Map<String, Optimizer> optimizers() { return Map.of(); }

            @Override
            public StepResult trainStep(Batch batch, StepContext ctx) {
                seen.add(batch);
                modes.add(model.isTraining());
                return null;
            }
        };
        Task adversarial = new AdversarialTraining(recorder, pixels, Attack.pgd(Attack.Norm.LINF, 0.1, 5));
        model.train();
        Tensor clean = pixels.normalize(Tensor.rand(new Generator(1), 8, 1, 2, 2));
        Batch batch = new Batch(clean, Tensor.zeros(DType.INT64, 8));
        adversarial.trainStep(batch, null);
        assertThat(modes).containsExactly(true);
        Tensor moved = pixels.pixels(seen.getFirst().x()).sub(pixels.pixels(clean)).abs();
        assertThat(moved.max().item()).isLessThanOrEqualTo(0.1 + 1e-5).isGreaterThan(0.05);
        assertThat(seen.getFirst().y()).isSameAs(batch.y());
        assertThat(adversarial.models()).isEqualTo(recorder.models());
    }
}
