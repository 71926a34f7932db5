package org.nabla.cli;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.nabla.registry.Registry;

/**
 * The command line's choices, read from the core's registries: the names picocli lists in option descriptions
 * ({@code ${COMPLETION-CANDIDATES}}) and the "what exists" section at the end of {@code nabla train --help}.
 */
final class Choices {
    private Choices() {}

    static final class Models implements Iterable<String> {
        public Iterator<String> iterator() { return org.nabla.models.Models.REGISTRY.names().iterator(); }
    }

    static final class Datasets implements Iterable<String> {
        public Iterator<String> iterator() { return org.nabla.data.Datasets.REGISTRY.names().iterator(); }
    }

    static final class Losses implements Iterable<String> {
        public Iterator<String> iterator() { return org.nabla.nn.loss.Losses.REGISTRY.names().iterator(); }
    }

    static final class Optimizers implements Iterable<String> {
        public Iterator<String> iterator() { return org.nabla.optim.Optimizers.REGISTRY.names().iterator(); }
    }

    static final class Schedules implements Iterable<String> {
        public Iterator<String> iterator() { return org.nabla.optim.schedule.Schedules.REGISTRY.names().iterator(); }
    }

    /** Every registered name with its description, one section per kind. */
    static String[] footer() {
        List<String> lines = new ArrayList<>();
        section(lines, "Models", org.nabla.models.Models.REGISTRY);
        section(lines, "Datasets", org.nabla.data.Datasets.REGISTRY);
        section(lines, "Losses", org.nabla.nn.loss.Losses.REGISTRY);
        section(lines, "Optimizers", org.nabla.optim.Optimizers.REGISTRY);
        section(lines, "Schedules", org.nabla.optim.schedule.Schedules.REGISTRY);
        return lines.toArray(String[]::new);
    }

    private static void section(List<String> lines, String title, Registry<?> registry) {
        lines.add("");
        lines.add(title + ":");
        int width = registry.names().stream().mapToInt(String::length).max().orElse(0);
        for (Registry.Entry<?> e : registry.entries()) lines.add(String.format(Locale.ROOT, "  %-" + width + "s  %s", e.name(), e.description()));
    }
}
