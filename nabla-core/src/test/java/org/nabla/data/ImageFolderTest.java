package org.nabla.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {
    @TempDir Path root;

    void png(String cls, String name, int w, int h, int rgb) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, rgb);
        img.setRGB(0, 0, 0xFFFFFF);
        Path d = Files.createDirectories(root.resolve(cls));
        ImageIO.write(img, "png", d.resolve(name).toFile());
    }

    @Test
    void classesAreSortedSubFoldersAndPixelsChannelsFirst() throws IOException {
        png("zebra", "a.png", 4, 3, 0x102030);
        png("cat", "b.png", 4, 3, 0x405060);
        png("cat", "a.png", 4, 3, 0x708090);
        Files.writeString(root.resolve("cat").resolve("notes.txt"), "ignored");
        ImageFolder.Result r = ImageFolder.load(root, ImageFolder.Options.defaults());
        assertThat(r.classNames()).containsExactly("cat", "zebra");
        assertThat(r.files()).extracting(p -> root.relativize(p).toString()).containsExactly("cat/a.png", "cat/b.png", "zebra/a.png");
        assertThat(Datasets.labels(r.dataset())).containsExactly(0, 0, 1);
        assertThat(r.dataset().sampleShape()).containsExactly(3, 3, 4);
        float[] x = new float[36];
        r.dataset().copyFeatures(0, x, 0);
        assertThat(x[0]).isEqualTo(1f);
        assertThat(x[1]).isEqualTo(0x70 / 255f);
        assertThat(x[12 + 1]).isEqualTo(0x80 / 255f);
        assertThat(x[24 + 1]).isEqualTo(0x90 / 255f);
    }

    @Test
    void resizeAndGrayscale() throws IOException {
        png("a", "1.png", 8, 8, 0x808080);
        png("b", "2.png", 5, 7, 0x808080);
        ImageFolder.Result r = ImageFolder.load(root, new ImageFolder.Options(4, 2, true));
        assertThat(r.dataset().sampleShape()).containsExactly(1, 2, 4);
        float[] x = new float[8];
        r.dataset().copyFeatures(1, x, 0);
        assertThat(x[7]).isCloseTo(0x80 / 255f, org.assertj.core.data.Offset.offset(1e-2f));
    }

    @Test
    void readsJpegToo() throws IOException {
        BufferedImage img = new BufferedImage(6, 6, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 6; y++) for (int x = 0; x < 6; x++) img.setRGB(x, y, 0x3366CC);
        Path d = Files.createDirectories(root.resolve("blue"));
        assertThat(ImageIO.write(img, "jpg", d.resolve("b.JPG").toFile())).isTrue();
        ImageFolder.Result r = ImageFolder.load(root, ImageFolder.Options.defaults());
        assertThat(r.dataset().sampleShape()).containsExactly(3, 6, 6);
        float[] x = Datasets.features(r.dataset());
        assertThat(x[0]).isCloseTo(0x33 / 255f, org.assertj.core.data.Offset.offset(0.03f));
        assertThat(x[36 + 35]).isCloseTo(0x66 / 255f, org.assertj.core.data.Offset.offset(0.03f));
        assertThat(x[72 + 10]).isCloseTo(0xCC / 255f, org.assertj.core.data.Offset.offset(0.03f));
    }

    @Test
    void differentSizesWithoutResizeAreRefused() throws IOException {
        png("a", "1.png", 8, 8, 0);
        png("b", "2.png", 5, 7, 0);
        assertThatThrownBy(() -> ImageFolder.load(root, ImageFolder.Options.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(root.resolve("b/2.png") + ": image is 5x7, expected 8x8 like the first image (set a resize size)");
    }
}
