package org.nabla.data.augment;

import java.util.ArrayList;
import java.util.List;

/** Builds an augmentation pipeline from a short text spec, as the command line's {@code --augment} takes it. */
public final class Augment {
    private Augment() {}

    /** The accepted names with their arguments; optional ones in brackets. */
    public static final String SYNTAX = String.join(", ",
            "flip[:p]", "vflip[:p]", "translate:f[:fy]", "crop:padding", "rotate:degrees", "zoom:f|zoom:min:max",
            "noise:std", "brightness:j|brightness:min:max", "contrast:j|contrast:min:max",
            "saturation:j|saturation:min:max", "blur:k[:sigma[:sigmaMax]]", "erase[:p]", "erase-random[:p]");

    private static final List<String> NAMES = List.of("flip", "hflip", "vflip", "translate", "crop", "rotate", "zoom",
            "noise", "brightness", "contrast", "saturation", "blur", "erase", "erase-random");

    /**
     * Parses a comma-separated list of {@code name[:arg...]} steps, e.g. {@code "flip,crop:4,rotate:15"}, into a
     * {@link Compose} applying them in order. An empty spec or {@code "none"} gives the identity.
     *
     * @throws IllegalArgumentException a one-line message naming the bad step and listing the valid ones
     */
    public static Compose parse(String spec) {
        if (spec == null) throw new IllegalArgumentException("Augment.parse: spec is null");
        String s = spec.strip();
        List<Augmentation> steps = new ArrayList<>();
        if (s.isEmpty() || s.equalsIgnoreCase("none")) return new Compose(steps);
        for (String item : s.split(",", -1)) {
            String[] parts = item.strip().split(":", -1);
            String name = parts[0].strip().toLowerCase(java.util.Locale.ROOT);
            if (!NAMES.contains(name))
                throw new IllegalArgumentException("Augment.parse: unknown augmentation '" + parts[0].strip() + "' in '"
                        + spec + "'; valid: " + SYNTAX);
            double[] a = new double[parts.length - 1];
            for (int i = 1; i < parts.length; i++) {
                try {
                    a[i - 1] = Double.parseDouble(parts[i].strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("Augment.parse: " + name + ": expected a number, got '"
                            + parts[i].strip() + "'; syntax: " + syntax(name));
                }
            }
            steps.add(build(name, a));
        }
        return new Compose(steps);
    }

    private static Augmentation build(String name, double[] a) {
        return switch (name) {
            case "flip", "hflip" -> new HorizontalFlip(args(name, a, 0, 1) == 0 ? 0.5 : a[0]);
            case "vflip" -> new VerticalFlip(args(name, a, 0, 1) == 0 ? 0.5 : a[0]);
            case "translate" -> args(name, a, 1, 2) == 1 ? new Translate(a[0]) : new Translate(a[0], a[1]);
            case "crop" -> new RandomCrop(integer(name, a[args(name, a, 1, 1) - 1]));
            case "rotate" -> new Rotate(a[args(name, a, 1, 1) - 1]);
            case "zoom" -> args(name, a, 1, 2) == 1 ? new Zoom(1 - a[0], 1 + a[0]) : new Zoom(a[0], a[1]);
            case "noise" -> new GaussianNoise(a[args(name, a, 1, 1) - 1]);
            case "brightness" -> args(name, a, 1, 2) == 1 ? new Brightness(a[0]) : new Brightness(a[0], a[1]);
            case "contrast" -> args(name, a, 1, 2) == 1 ? new Contrast(a[0]) : new Contrast(a[0], a[1]);
            case "saturation" -> args(name, a, 1, 2) == 1 ? new Saturation(a[0]) : new Saturation(a[0], a[1]);
            case "blur" -> switch (args(name, a, 1, 3)) {
                case 1 -> new GaussianBlur(integer(name, a[0]));
                case 2 -> new GaussianBlur(integer(name, a[0]), a[1], a[1]);
                default -> new GaussianBlur(integer(name, a[0]), a[1], a[2]);
            };
            case "erase" -> new RandomErasing(args(name, a, 0, 1) == 0 ? 0.5 : a[0]);
            case "erase-random" -> new RandomErasing(args(name, a, 0, 1) == 0 ? 0.5 : a[0], 0.02, 0.33, 0.3, 3.3, 0f, true);
            default -> throw new AssertionError(name);
        };
    }

    private static int args(String name, double[] a, int min, int max) {
        if (a.length < min || a.length > max)
            throw new IllegalArgumentException("Augment.parse: " + name + " takes " + (min == max ? "" + min : min + " to " + max)
                    + " argument" + (max == 1 ? "" : "s") + ", got " + a.length + "; syntax: " + syntax(name));
        return a.length;
    }

    private static int integer(String name, double v) {
        if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE)
            throw new IllegalArgumentException("Augment.parse: " + name + ": expected an integer, got " + v);
        return (int) v;
    }

    private static String syntax(String name) {
        String key = name.equals("hflip") ? "flip" : name;
        for (String s : SYNTAX.split(", ")) if (s.startsWith(key + "[") || s.startsWith(key + ":") || s.equals(key)) return s;
        return key;
    }
}
