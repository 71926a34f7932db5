package org.nabla.cli.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.nabla.nn.BatchNorm1d;
import org.nabla.nn.Dropout;
import org.nabla.nn.Flatten;
import org.nabla.nn.Linear;
import org.nabla.nn.Module;
import org.nabla.nn.Sequential;
import org.nabla.tensor.Generator;

/** The labs' networks: multi-layer perceptrons of any widths, activation, batch norm and dropout. */
final class Nets {
    private Nets() {}

    /**
     * Flatten, then Linear layers through {@code widths} (inputs first, outputs last) with {@code activation} after each
     * hidden one, preceded by batch norm when {@code batchNorm} and followed by dropout {@code dropout} when above 0.
     */
    static Sequential mlp(int[] widths, Supplier<Module> activation, boolean batchNorm, double dropout, Generator g) {
        List<Module> layers = new ArrayList<>();
        layers.add(new Flatten());
        for (int i = 0; i + 1 < widths.length; i++) {
            layers.add(new Linear(widths[i], widths[i + 1], true, g));
            if (i + 2 == widths.length) break;
            if (batchNorm) layers.add(new BatchNorm1d(widths[i + 1]));
            layers.add(activation.get());
            if (dropout > 0) layers.add(new Dropout(dropout, g));
        }
        return new Sequential(layers.toArray(Module[]::new));
    }

    static Sequential mlp(Supplier<Module> activation, Generator g, int... widths) { return mlp(widths, activation, false, 0, g); }

    /** The Linear layers of {@code model}, in order. */
    static List<Linear> linears(Module model) {
        return model.namedModules().values().stream().filter(m -> m instanceof Linear).map(m -> (Linear) m).toList();
    }
}
