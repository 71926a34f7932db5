package org.nabla.train.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nabla.data.DataLoader;
import org.nabla.data.Digits;
import org.nabla.data.canvas.DigitCanvases;
import org.nabla.models.segmentation.UNet;
import org.nabla.optim.Adam;
import org.nabla.tensor.Generator;
import org.nabla.train.Evaluation;
import org.nabla.train.Trainer;

class SegmentationTaskTest {
    @Test
    void aSmallUNetLearnsToFindDigitsOnCanvases() {
        // 16x16 canvases of one bundled 8x8 digit each: within a few epochs it learns where strokes are.
        DigitCanvases canvases = DigitCanvases.generate("tiny", Digits.load().asDataset(), 32, 5, new DigitCanvases.Options(16, 1, 1, 10, 14, 0.3f));
        UNet model = new UNet(1, DigitCanvases.CLASSES, new int[] {8, 16}, UNet.UpSampling.TRANSPOSED_CONV, new Generator(6));
        SegmentationTask task = new SegmentationTask(model, new Adam(model.parameters(), Adam.Options.defaults().withLr(0.01)), null, DigitCanvases.CLASSES);
        DataLoader all = DataLoader.builder(canvases.segmentation()).batchSize(32).build();
        double before = Evaluation.of(task, all, task.metrics()).loss();
        List<Map<String, Double>> history = Trainer.builder(task)
                .train(DataLoader.builder(canvases.segmentation()).batchSize(8).shuffle(new Generator(7)).build()).build().fit(15);
        Evaluation after = Evaluation.of(task, all, task.metrics());
        assertThat(history.getFirst()).containsKeys("train_loss", "train_pixel_accuracy", "train_mean_pixel_accuracy", "train_miou");
        assertThat(after.loss()).isLessThan(0.4 * before);
        // Better than calling every pixel background: some strokes are found.
        long background = 0, pixels = 0;
        for (int i = 0; i < canvases.size(); i++)
            for (byte m : canvases.canvas(i).mask()) {
                pixels++;
                if (m == 0) background++;
            }
        assertThat(after.metrics().get("pixel_accuracy")).isGreaterThan((double) background / pixels);
        assertThat(after.metrics().get("miou")).isBetween(0.0, 1.0);
    }
}
