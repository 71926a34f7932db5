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

class SegmentationFolderTest {
    @TempDir Path root;

    /** A grey w x h image whose pixel (x, y) is (x + y) * 10, and a mask whose pixel is (x + y) % classes. */
    static void writePair(Path root, String name, int w, int h, int maskW, int classes) throws IOException {
        Files.createDirectories(root.resolve("images"));
        Files.createDirectories(root.resolve("masks"));
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY), mask = new BufferedImage(maskW, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) img.getRaster().setSample(x, y, 0, (x + y) * 10);
            for (int x = 0; x < maskW; x++) mask.getRaster().setSample(x, y, 0, (x + y) % classes);
        }
        ImageIO.write(img, "png", root.resolve("images").resolve(name + ".png").toFile());
        ImageIO.write(mask, "png", root.resolve("masks").resolve(name + ".png").toFile());
    }

    @Test
    void readsImagesWithTheirMasksAndTheClassList() throws IOException {
        writePair(root, "a", 4, 3, 4, 3);
        writePair(root, "b", 4, 3, 4, 3);
        Files.writeString(root.resolve("classes.txt"), "background\nroad\ncar\n");
        SegmentationFolder.Result r = SegmentationFolder.load(root, SegmentationFolder.classNames(root));
        assertThat(r.classNames()).containsExactly("background", "road", "car");
        Dataset d = r.dataset();
        assertThat(d.size()).isEqualTo(2);
        assertThat(d.sampleShape()).containsExactly(1, 3, 4);
        assertThat(d.targetShape()).containsExactly(3, 4);
        var b = d.batch(new int[] {1});
        assertThat(b.x().toFloatArray()[5]).isEqualTo(20 / 255f); // (x 1, y 1)
        assertThat(b.y().toLongArray()).containsExactly(0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2);
        // Through the registry: no test/ folder, so the command line splits the samples itself.
        assertThat(Datasets.REGISTRY.get("segfolder").source().load(root.toString(), null, false)).isNull();
        assertThat(Datasets.REGISTRY.get("segfolder").source().load(root.toString(), null, true).classNames()).hasSize(3);
    }

    @Test
    void withoutAClassListTheClassesGoToTheLargestId() throws IOException {
        writePair(root, "a", 4, 3, 4, 5);
        assertThat(SegmentationFolder.load(root, null).classNames()).containsExactly("0", "1", "2", "3", "4");
    }

    @Test
    void badMasksAreOneLineErrorsNamingTheFile() throws IOException {
        writePair(root, "a", 4, 3, 4, 3);
        writePair(root, "b", 4, 3, 5, 3);
        assertThatThrownBy(() -> SegmentationFolder.load(root, null))
                .hasMessage(root.resolve("masks/b.png") + ": the mask is 5x3 pixels but its image b.png is 4x3");
        writePair(root, "b", 4, 3, 4, 6);
        Files.writeString(root.resolve("classes.txt"), "background\nroad\ncar\n");
        assertThatThrownBy(() -> SegmentationFolder.load(root, SegmentationFolder.classNames(root)))
                .hasMessage(root.resolve("masks/b.png") + ": class id 3 at (3, 0) but classes.txt names 3 classes (ids 0-2)");
        Files.delete(root.resolve("masks/b.png"));
        assertThatThrownBy(() -> SegmentationFolder.load(root, null)).hasMessage(root.resolve("images/b.png") + ": no mask " + root.resolve("masks/b.png"));
    }
}
