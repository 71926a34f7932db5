package org.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nabla.data.Digits;
import org.nabla.data.canvas.DigitCanvases;
import org.nabla.io.Json;

/** {@code nabla train unet --dataset segfolder:PATH}, {@code nabla predict --out}: a segmentation run end to end on a small folder. */
class SegmentationCommandTest {
    @TempDir Path tmp;

    /** 24 canvases of the bundled digits, 16x16, written as grey PNG images and masks with the 11 class names. */
    private Path folder() throws IOException {
        Path root = tmp.resolve("canvases");
        Files.createDirectories(root.resolve("images"));
        Files.createDirectories(root.resolve("masks"));
        DigitCanvases set = DigitCanvases.generate("tiny", Digits.load().asDataset(), 24, 3, new DigitCanvases.Options(16, 1, 2, 8, 12, 0.3f));
        for (int i = 0; i < set.size(); i++) {
            DigitCanvases.Canvas c = set.canvas(i);
            BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY), mask = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
            for (int p = 0; p < 256; p++) {
                img.getRaster().setSample(p % 16, p / 16, 0, Math.round(c.image()[p] * 255));
                mask.getRaster().setSample(p % 16, p / 16, 0, c.mask()[p]);
            }
            ImageIO.write(img, "png", root.resolve("images").resolve("c" + i + ".png").toFile());
            ImageIO.write(mask, "png", root.resolve("masks").resolve("c" + i + ".png").toFile());
        }
        Files.writeString(root.resolve("classes.txt"), String.join("\n", DigitCanvases.classNames()) + "\n");
        return root;
    }

    @Test
    void trainsAUNetOnAFolderAndDrawsItsMasks() throws IOException {
        Path data = folder(), run = tmp.resolve("run");
        Cli.Run r = Cli.run("train", "unet", "--dataset", "segfolder:" + data, "--epochs", "1", "--batch-size", "4", "--threads", "2", "--out", run.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("11 classes").containsPattern("test: mIoU \\d\\.\\d{4}  pixel accuracy [\\d.]+%  mean pixel accuracy [\\d.]+%")
                .contains("IoU per class: background ");
        Map<String, Object> summary = Json.parseObject(Files.readString(run.resolve("summary.json")));
        @SuppressWarnings("unchecked")
        Map<String, Object> test = (Map<String, Object>) summary.get("test");
        assertThat(test).containsKeys("miou", "pixel_accuracy", "mean_pixel_accuracy", "iou");
        assertThat((Double) test.get("pixel_accuracy")).isBetween(0.0, 1.0);
        assertThat(Files.readString(run.resolve("metrics.csv"))).contains("train_miou");
        BufferedImage grid = ImageIO.read(run.resolve(SegmentationOverlay.PREDICTIONS_PNG).toFile());
        assertThat(grid.getHeight()).isGreaterThan(3 * 16 * 4); // image, truth and prediction rows, and a legend

        Path overlay = tmp.resolve("overlay.png");
        Cli.Run p = Cli.run("predict", "--run", run.toString(), data.resolve("images/c0.png").toString(), "--out", overlay.toString());
        assertThat(p.exitCode()).as(p.err()).isZero();
        assertThat(p.out()).startsWith(data.resolve("images/c0.png") + ": " + overlay + " (").containsPattern("\\((\\S+ [\\d.]+%(, )?)+\\)"); // the share of each class found
        assertThat(ImageIO.read(overlay.toFile()).getWidth()).isGreaterThanOrEqualTo(16 * 4);

        Cli.Run noOut = Cli.run("predict", "--run", run.toString(), data.resolve("images/c0.png").toString());
        assertThat(noOut.exitCode()).isEqualTo(1);
        assertThat(noOut.err()).contains("is a segmentation run: give --out overlay.png").hasLineCount(1);
        Cli.Run eval = Cli.run("eval", run.toString());
        assertThat(eval.exitCode()).isEqualTo(1);
        assertThat(eval.err()).contains("it is a segmentation run").hasLineCount(1);
    }

    @Test
    void aMaskOfAnotherSizeIsAOneLineErrorNamingIt() throws IOException {
        Path data = folder();
        ImageIO.write(new BufferedImage(15, 16, BufferedImage.TYPE_BYTE_GRAY), "png", data.resolve("masks/c5.png").toFile());
        Cli.Run r = Cli.run("train", "unet", "--dataset", "segfolder:" + data, "--epochs", "1", "--out", tmp.resolve("bad").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains(data.resolve("masks/c5.png") + ": the mask is 15x16 pixels but its image c5.png is 16x16").hasLineCount(1);
    }

    @Test
    void augmentsMasksWithTheImagesAndWeighsClassesWhenAsked() throws IOException {
        Path data = folder(), run = tmp.resolve("aug");
        Cli.Run r = Cli.run("train", "segnet", "--dataset", "segfolder:" + data, "--epochs", "1", "--batch-size", "4", "--threads", "2",
                "--augment", "flip,crop:2,zoom:0.1,noise:0.02", "--class-weights", "auto", "--out", run.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Files.readString(run.resolve("config.json"))).contains("\"class_weights\": \"auto\"").contains("flip,crop:2,zoom:0.1,noise:0.02");
    }

    @Test
    void classWeightsOfTheWrongCountOrKindAndAugmentationsThatCannotMoveMasksAreUsageErrors() throws IOException {
        Path data = folder();
        Cli.Run count = Cli.run("train", "unet", "--dataset", "segfolder:" + data, "--epochs", "1", "--batch-size", "4", "--class-weights", "0.2,1,1", "--out", tmp.resolve("a").toString());
        assertThat(count.exitCode()).isEqualTo(2);
        assertThat(count.err()).contains("--class-weights: 3 weights given, but the data has 11 classes").hasLineCount(1);
        Cli.Run text = Cli.run("train", "unet", "--dataset", "segfolder:" + data, "--class-weights", "0.2,heavy", "--out", tmp.resolve("b").toString());
        assertThat(text.exitCode()).isEqualTo(2);
        assertThat(text.err()).contains("--class-weights: expected auto or numbers separated by commas").hasLineCount(1);
        Cli.Run dice = Cli.run("train", "unet", "--dataset", "segfolder:" + data, "--loss", "dice", "--class-weights", "auto", "--out", tmp.resolve("c").toString());
        assertThat(dice.exitCode()).isEqualTo(2);
        assertThat(dice.err()).contains("--class-weights weighs the cross-entropy; --loss dice takes none").hasLineCount(1);
        Cli.Run rotate = Cli.run("train", "unet", "--dataset", "segfolder:" + data, "--augment", "flip,rotate:10", "--out", tmp.resolve("d").toString());
        assertThat(rotate.exitCode()).isEqualTo(2);
        assertThat(rotate.err()).contains("--augment: rotate would not move the boxes and masks").hasLineCount(1);
    }

    @Test
    void autoClassWeightsAreTheInverseClassFrequencyOfTheTrainingPixels() {
        // 2 masks of 2x2 pixels: class 0 five times, class 1 twice, class 2 once, class 3 never
        var masks = org.nabla.tensor.Tensor.of(new long[] {0, 0, 1, 2, 0, 0, 0, 1}, 2, 2, 2);
        var train = new org.nabla.data.TensorDataset(org.nabla.tensor.Tensor.zeros(2, 1, 2, 2), masks);
        RunData data = new RunData(train, null, train, new int[] {1, 2, 2}, 4, java.util.List.of("a", "b", "c", "d"), null);
        float[] w = Training.classWeights("auto", data).toFloatArray();
        assertThat(w).containsExactly(8f / (4 * 5), 8f / (4 * 2), 8f / (4 * 1), 1f);
        assertThat(Training.classWeights("0.5,1,2,0", data).toFloatArray()).containsExactly(0.5f, 1f, 2f, 0f);
    }
}
