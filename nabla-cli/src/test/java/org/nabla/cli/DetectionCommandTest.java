package org.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nabla.io.Json;

/**
 * {@code nabla train ssd|yolo --dataset boxes:PATH} writes a detection run folder (metrics, checkpoint, summary with
 * mAP, predictions.png); {@code nabla predict --run RUN image.png --out overlay.png} draws its boxes; bad box files
 * give one line naming the file.
 */
class DetectionCommandTest {
    @TempDir
    Path tmp;

    /** 16 grey 32x32 images, each a bright 8x12 rectangle (class "tall") or 12x8 one ("wide"), with JSON boxes. */
    private Path boxesFolder() throws Exception {
        Path dir = tmp.resolve("boxes");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("classes.txt"), "tall\nwide\n");
        for (int i = 0; i < 16; i++) {
            int cls = i % 2, w = cls == 0 ? 8 : 12, h = cls == 0 ? 12 : 8, x1 = (5 * i) % 18, y1 = (3 * i) % 18;
            BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = y1; y < y1 + h; y++) for (int x = x1; x < x1 + w; x++) img.setRGB(x, y, 0xFFFFFF);
            ImageIO.write(img, "png", dir.resolve("img" + i + ".png").toFile());
            Files.writeString(dir.resolve("img" + i + ".json"),
                    "{\"boxes\": [[" + x1 + ", " + y1 + ", " + (x1 + w) + ", " + (y1 + h) + "]], \"classes\": [" + cls + "]}");
        }
        return dir;
    }

    @Test
    void trainsAYoloRunAndDrawsItsBoxesOnAnImage() throws Exception {
        Path data = boxesFolder(), run = tmp.resolve("run");
        Cli.Run r = Cli.run("train", "yolo", "--dataset", "boxes:" + data, "--epochs", "2", "--batch-size", "4", "--out", run.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("training yolo").contains("test images of 1x32x32, 2 classes").contains("test mAP@0.5");
        for (String f : new String[] {"config.json", "metrics.csv", "summary.json", "predictions.png", "loss.png", "checkpoint"})
            assertThat(run.resolve(f)).exists();
        Map<String, Object> summary = Json.parseObject(Files.readString(run.resolve("summary.json")));
        assertThat(((Map<?, ?>) summary.get("test")).keySet()).map(String::valueOf).contains("map50", "map");
        BufferedImage grid = ImageIO.read(run.resolve("predictions.png").toFile());
        assertThat(grid.getWidth()).as("ground truth next to predictions, 4 test images").isGreaterThan(4 * 32 * BoxOverlay.SCALE / 2);

        Path overlay = tmp.resolve("overlay.png");
        Cli.Run p = Cli.run("predict", "--run", run.toString(), data.resolve("img3.png").toString(), "--out", overlay.toString());
        assertThat(p.exitCode()).as(p.err()).isZero();
        assertThat(p.out()).startsWith(data.resolve("img3.png") + ":").contains("drawn: " + overlay);
        BufferedImage drawn = ImageIO.read(overlay.toFile());
        assertThat(drawn.getWidth()).isEqualTo(32 * BoxOverlay.SCALE);
    }

    @Test
    void aBoxOutsideTheImageIsOneLineNamingTheFile() throws Exception {
        Path data = boxesFolder();
        Path bad = data.resolve("img5.json");
        Files.writeString(bad, "{\"boxes\": [[20, 20, 40, 30]], \"classes\": [1]}");
        Cli.Run r = Cli.run("train", "ssd", "--dataset", "boxes:" + data, "--epochs", "1", "--out", tmp.resolve("never").toString());
        BadInputTest.assertOneLineError(r, bad + ": box 1 (20, 20, 40, 30) lies outside the 32x32 image");
        assertThat(tmp.resolve("never")).doesNotExist();
    }
}
