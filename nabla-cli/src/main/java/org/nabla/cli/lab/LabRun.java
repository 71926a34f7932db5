package org.nabla.cli.lab;

import java.nio.file.Path;

/** Where and how big a lab runs: its output folder, the full or the reduced ("smoke") size of the tests, and its seed. */
public record LabRun(Path out, boolean smoke, long seed) {
    /** {@code full} at full size, {@code smoke} in a smoke run. */
    public int size(int full, int smoke) { return this.smoke ? smoke : full; }

    /** A chart's path in the output folder. */
    public Path png(String name) { return out.resolve(name + ".png"); }
}
