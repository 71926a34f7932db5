package org.nabla.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nabla.tensor.DType;
import org.nabla.tensor.Tensor;

/**
 * A coarser labelling of a classification set: each class belongs to one group. {@link #addTarget} gives the set a
 * second target, the group of each sample's class, for a multi-task model with an auxiliary head. E.g.
 * {@link #FASHION_MNIST_COARSE}: Fashion-MNIST's 10 classes as tops, footwear and other.
 *
 * @param name       the grouping's name, also its target's name
 * @param groupNames the groups, by index
 * @param groupOf    the group of each class, by class index
 */
public record LabelGroups(String name, List<String> groupNames, int[] groupOf) {
    /**
     * Fashion-MNIST's classes grouped: tops (T-shirt/top, Pullover, Dress, Coat, Shirt), footwear (Sandal, Sneaker,
     * Ankle boot), other (Trouser, Bag).
     */
    public static final LabelGroups FASHION_MNIST_COARSE = new LabelGroups("coarse", List.of("tops", "footwear", "other"),
            new int[] {0, 2, 0, 0, 0, 1, 0, 1, 2, 1});

    public LabelGroups {
        groupNames = List.copyOf(groupNames);
        groupOf = groupOf.clone();
        if (groupNames.isEmpty()) throw new IllegalArgumentException("LabelGroups " + name + ": needs at least one group");
        for (int g : groupOf)
            if (g < 0 || g >= groupNames.size())
                throw new IllegalArgumentException("LabelGroups " + name + ": group " + g + " is not in [0, " + groupNames.size() + ") in " + Arrays.toString(groupOf));
    }

    @Override
    public int[] groupOf() { return groupOf.clone(); }

    /** The number of classes grouped. */
    public int classes() { return groupOf.length; }

    /** The group of class {@code label}. */
    public int group(long label) {
        if (label < 0 || label >= groupOf.length)
            throw new IllegalArgumentException("LabelGroups " + name + ": class " + label + " is not in [0, " + groupOf.length + ")");
        return groupOf[(int) label];
    }

    /**
     * {@code d} (one int64 class target) with a second target, each sample's group; everything else (size, features,
     * the first target) is {@code d}'s. Refuses a set whose class count differs from the grouping's.
     */
    public Dataset addTarget(Dataset d, int datasetClasses) {
        if (d.targets().size() != 1 || d.targetType() != DType.INT64 || d.targetShape().length != 0)
            throw new IllegalArgumentException("LabelGroups " + name + ": " + d + " must have one class target, it has " + d.targets());
        if (datasetClasses != groupOf.length)
            throw new IllegalArgumentException("LabelGroups " + name + ": groups " + groupOf.length + " classes, " + d + " has " + datasetClasses);
        return new Dataset() {
            public int size() { return d.size(); }
            public int[] sampleShape() { return d.sampleShape(); }
            public DType featureType() { return d.featureType(); }
            public List<Field> inputs() { return d.inputs(); }
            public List<Field> targets() {
                List<Field> t = new ArrayList<>(d.targets());
                t.add(new Field(name, DType.INT64));
                return t;
            }
            public void copyFeatures(int i, float[] dst, int off) { d.copyFeatures(i, dst, off); }
            public void copyFeatures(int i, long[] dst, int off) { d.copyFeatures(i, dst, off); }
            public long label(int i) { return d.label(i); }
            public Batch batch(int[] at) {
                Batch b = d.batch(at);
                long[] y = b.y().toLongArray(), g = new long[y.length];
                for (int i = 0; i < y.length; i++) g[i] = group(y[i]);
                return new Batch(b.inputs(), List.of(b.y(), Tensor.of(g, g.length)));
            }
            public String toString() { return d + " + " + name; }
        };
    }
}
