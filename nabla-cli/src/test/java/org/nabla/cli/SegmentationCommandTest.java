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
        Cli.Run r = Cli.run("train", "unet", "--dataset", "segfolder:" + data, "--epochs", "1", "--batch-size", "8", "--threads", "2", "--out", run.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("11 classes").containsPattern("test: mIoU \\d\\.\\d{4}  pixel accuracy [\\d.]+%  mean pixel accuracy [\\d.]+%")
                .contains("IoU per class: background ");
        Map<String, Object> summary = Json.parseObject(Files.readString(run.resolve("summary.json")));
        Map<?, ?> test = (Map<?, ?>) summary.get("test");
        assertThat(test.keySet()).contains("miou", "pixel_accuracy", "mean_pixel_accuracy", "iou");
        assertThat((Double) test.get("pixel_accuracy")).isBetween(0.0, 1.0);
        assertThat(Files.readString(run.resolve("metrics.csv"))).contains("train_miou");
        BufferedImage grid = ImageIO.read(run.resolve(SegmentationOverlay.PREDICTIONS_PNG).toFile());
        assertThat(grid.getHeight()).isGreaterThan(3 * 16 * 4); // image, truth and prediction rows, and a legend

        Path overlay = tmp.resolve("overlay.png");
        Cli.Run p = Cli.run("predict", "--run", run.toString(), data.resolve("images/c0.png").toString(), "--out", overlay.toString());
        assertThat(p.exitCode()).as(p.err()).isZero();
        assertThat(p.out()).startsWith(data.resolve("images/c0.png") + ": " + overlay + " (").contains("background ");
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
}
