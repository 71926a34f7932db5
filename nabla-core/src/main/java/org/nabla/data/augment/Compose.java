package org.nabla.data.augment;

import java.util.List;
import org.nabla.tensor.Generator;

/** Applies transforms one after the other to each image, like {@code torchvision.transforms.Compose}. */
public final class Compose implements Augmentation {
    private final Augmentation[] steps;

    public Compose(Augmentation... steps) {
        for (Augmentation s : steps) if (s == null) throw new IllegalArgumentException("Compose: null transform");
        this.steps = steps.clone();
    }

    public Compose(List<? extends Augmentation> steps) { this(steps.toArray(new Augmentation[0])); }

    public List<Augmentation> steps() { return List.of(steps); }

    @Override
    public void transform(float[] data, int offset, int c, int h, int w, Generator gen) {
        for (Augmentation s : steps) s.transform(data, offset, c, h, w, gen);
    }

    @Override
    public String toString() {
        if (steps.length == 0) return "Compose()";
        StringBuilder sb = new StringBuilder("Compose(\n");
        for (Augmentation s : steps) sb.append("    ").append(s.toString().replace("\n", "\n    ")).append('\n');
        return sb.append(')').toString();
    }
}
