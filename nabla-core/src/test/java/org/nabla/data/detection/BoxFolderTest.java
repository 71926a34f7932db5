package org.nabla.data.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nabla.tensor.Tensor;

/** boxes:PATH: JSON and YOLO box files, class names, splits, and the one-line refusals naming the file. */
class BoxFolderTest {
    @TempDir
    Path dir;

    private void image(Path folder, String name, int w, int h) throws Exception {
        Files.createDirectories(folder);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        img.setRGB(3, 2, 0xFFFFFF);
        ImageIO.write(img, "png", folder.resolve(name).toFile());
    }

    @Test
    void readsJsonAndYoloBoxesIntoPaddedTargets() throws Exception {
        image(dir, "a.png", 20, 10);
        image(dir, "b.png", 20, 10);
        Files.writeString(dir.resolve("a.json"), "{\"boxes\": [[1, 2, 5, 8], [0, 0, 20, 10]], \"classes\": [1, 0]}");
        Files.createDirectories(dir.resolve("labels"));
        Files.writeString(dir.resolve("labels/b.txt"), "2 0.5 0.5 0.2 0.4\n");
        Files.writeString(dir.resolve("classes.txt"), "cat\ndog\nbird\n");
        BoxFolder.Loaded l = BoxFolder.load(dir, true);
        assertThat(l.classNames()).containsExactly("cat", "dog", "bird");
        assertThat(l.data().sampleShape()).containsExactly(1, 10, 20); // grey images read as one channel
        assertThat(l.data().targetShape()).containsExactly(2, 5);
        Tensor y = l.data().batch(new int[] {0, 1}).y();
        assertThat(y.select(0, 0).toFloatArray()).containsExactly(1, 2, 5, 8, 1, 0, 0, 20, 10, 0);
        assertThat(y.select(0, 1).toFloatArray()).containsExactly(8, 3, 12, 7, 2, 0, 0, 0, 0, -1);
        assertThat(BoxDataset.boxes(y, 1).classes()).containsExactly(2);
        assertThat(BoxFolder.load(dir, false)).as("no test/ folder: no official test split").isNull();
    }

    @Test
    void badBoxFilesAreRefusedInOneLineNamingTheFile() throws Exception {
        image(dir, "a.png", 20, 10);
        Path json = dir.resolve("a.json");
        Files.writeString(json, "{\"boxes\": [[1, 2, 25, 8]], \"classes\": [0]}");
        assertThatThrownBy(() -> BoxFolder.load(dir, true)).hasMessage(json + ": box 1 (1, 2, 25, 8) lies outside the 20x10 image");
        Files.writeString(json, "{\"boxes\": [[6, 2, 5, 8]], \"classes\": [0]}");
        assertThatThrownBy(() -> BoxFolder.load(dir, true)).hasMessage(json + ": box 1 (6, 2, 5, 8) has x2 < x1");
        Files.writeString(json, "{\"boxes\": [], \"classes\": []}");
        assertThatThrownBy(() -> BoxFolder.load(dir, true)).hasMessage(json + ": empty box file (no boxes)");
        Files.delete(json);
        Path txt = dir.resolve("a.txt");
        Files.writeString(txt, "\n");
        assertThatThrownBy(() -> BoxFolder.load(dir, true)).hasMessage(txt + ": empty box file (no boxes)");
        Files.delete(txt);
        assertThatThrownBy(() -> BoxFolder.load(dir, true)).hasMessageStartingWith(dir.resolve("a.png") + ": no box file");
    }
}
