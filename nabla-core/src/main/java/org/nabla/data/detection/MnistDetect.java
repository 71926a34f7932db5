package org.nabla.data.detection;

import java.util.List;
import java.util.stream.IntStream;
import org.nabla.data.canvas.DigitCanvases;

/** {@code mnist-detect}: the seeded digit canvases ({@link DigitCanvases}) with one box and class per digit. */
public final class MnistDetect {
    /** The registered name. */
    public static final String NAME = "mnist-detect";

    private MnistDetect() {}

    /** The standard training (10,000) or test (2,000) canvases as a box dataset. */
    public static BoxDataset load(boolean train) { return of(DigitCanvases.mnist(train)); }

    /** Any set of canvases as a box dataset: images [1, size, size], the digits 0..9 as classes. */
    public static BoxDataset of(DigitCanvases c) {
        float[][][] boxes = IntStream.range(0, c.size()).mapToObj(c::boxes).toArray(float[][][]::new);
        int[][] labels = IntStream.range(0, c.size()).mapToObj(c::labels).toArray(int[][]::new);
        return new BoxDataset(c.toString().replace(DigitCanvases.SEGMENTATION, NAME).replaceAll("\\(.*", ""), new int[] {1, c.side(), c.side()},
                c::copyImage, boxes, labels);
    }

    /** "0" .. "9". */
    public static List<String> classNames() { return IntStream.range(0, 10).mapToObj(Integer::toString).toList(); }
}
