package org.nabla.serve.playground;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The playground's 2-d datasets, generated as the original TensorFlow Playground does (its dataset.ts): points in
 * [-6, 6]², labels ±1 for classification (circle, XOR, two Gaussians, spiral: 500 points) and in [-1, 1] for regression
 * (plane, six Gaussians: 1200 points); {@code noise} is the settings' percentage. Shuffled, then split into training
 * and test points by the ratio.
 */
public record PlaygroundData(List<Point> train, List<Point> test) {
    /** One point and its label. */
    public record Point(double x, double y, double label) {}

    public static PlaygroundData generate(PlaygroundSettings s) {
        Random r = new Random(s.seed());
        double noise = s.noise() / 100.0;
        List<Point> points = switch (s.dataset()) {
            case "circle" -> circle(r, 500, noise);
            case "xor" -> xor(r, 500, noise);
            case "gauss" -> twoGaussians(r, 500, noise);
            case "spiral" -> spiral(r, 500, noise);
            case "plane" -> plane(r, 1200, noise);
            case "multigauss" -> sixGaussians(r, 1200, noise);
            default -> throw new IllegalArgumentException("dataset: unknown '" + s.dataset() + "'");
        };
        java.util.Collections.shuffle(points, r);
        int split = (int) Math.floor(points.size() * s.ratio() / 100.0);
        return new PlaygroundData(List.copyOf(points.subList(0, split)), List.copyOf(points.subList(split, points.size())));
    }

    private static double uniform(Random r, double a, double b) { return a + r.nextDouble() * (b - a); }

    static List<Point> circle(Random r, int n, double noise) {
        List<Point> p = new ArrayList<>();
        double radius = 5;
        for (int half = 0; half < 2; half++) {
            for (int i = 0; i < n / 2; i++) {
                double rho = half == 0 ? uniform(r, 0, radius * 0.5) : uniform(r, radius * 0.7, radius);
                double angle = uniform(r, 0, 2 * Math.PI);
                double x = rho * Math.sin(angle), y = rho * Math.cos(angle);
                double nx = uniform(r, -radius, radius) * noise, ny = uniform(r, -radius, radius) * noise;
                p.add(new Point(x, y, Math.hypot(x + nx, y + ny) < radius * 0.5 ? 1 : -1));
            }
        }
        return p;
    }

    static List<Point> xor(Random r, int n, double noise) {
        List<Point> p = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double x = uniform(r, -5, 5), y = uniform(r, -5, 5), padding = 0.3;
            x += x > 0 ? padding : -padding;
            y += y > 0 ? padding : -padding;
            double nx = uniform(r, -5, 5) * noise, ny = uniform(r, -5, 5) * noise;
            p.add(new Point(x, y, (x + nx) * (y + ny) >= 0 ? 1 : -1));
        }
        return p;
    }

    static List<Point> twoGaussians(Random r, int n, double noise) {
        List<Point> p = new ArrayList<>();
        double variance = 0.5 + noise / 0.5 * 3.5; // noise 0..0.5 → variance 0.5..4
        for (int c = 0; c < 2; c++) {
            double centre = c == 0 ? 2 : -2;
            for (int i = 0; i < n / 2; i++)
                p.add(new Point(centre + r.nextGaussian() * Math.sqrt(variance), centre + r.nextGaussian() * Math.sqrt(variance), c == 0 ? 1 : -1));
        }
        return p;
    }

    static List<Point> spiral(Random r, int n, double noise) {
        List<Point> p = new ArrayList<>();
        int half = n / 2;
        for (int c = 0; c < 2; c++) {
            double delta = c == 0 ? 0 : Math.PI;
            for (int i = 0; i < half; i++) {
                double rho = (double) i / half * 5, t = 1.75 * i / half * 2 * Math.PI + delta;
                p.add(new Point(rho * Math.sin(t) + uniform(r, -1, 1) * noise, rho * Math.cos(t) + uniform(r, -1, 1) * noise, c == 0 ? 1 : -1));
            }
        }
        return p;
    }

    static List<Point> plane(Random r, int n, double noise) {
        List<Point> p = new ArrayList<>();
        double radius = 6;
        for (int i = 0; i < n; i++) {
            double x = uniform(r, -radius, radius), y = uniform(r, -radius, radius);
            double nx = uniform(r, -radius, radius) * noise, ny = uniform(r, -radius, radius) * noise;
            p.add(new Point(x, y, clamp((x + nx + y + ny) / 10)));
        }
        return p;
    }

    static List<Point> sixGaussians(Random r, int n, double noise) {
        double[][] g = {{-4, 2.5, 1}, {0, 2.5, -1}, {4, 2.5, 1}, {-4, -2.5, -1}, {0, -2.5, 1}, {4, -2.5, -1}};
        List<Point> p = new ArrayList<>();
        double radius = 6;
        for (int i = 0; i < n; i++) {
            double x = uniform(r, -radius, radius), y = uniform(r, -radius, radius);
            double nx = uniform(r, -radius, radius) * noise, ny = uniform(r, -radius, radius) * noise;
            double label = 0;
            for (double[] c : g) {
                double d = Math.hypot(x + nx - c[0], y + ny - c[1]);
                double v = c[2] * Math.max(0, Math.min(1, 1 - d / 2)); // 1 at the centre, 0 from distance 2
                if (Math.abs(v) > Math.abs(label)) label = v;
            }
            p.add(new Point(x, y, label));
        }
        return p;
    }

    private static double clamp(double v) { return Math.max(-1, Math.min(1, v)); }

    /** The input features of point (x, y), in the order of {@code features}. */
    static void features(double x, double y, List<String> features, float[] out, int at) {
        for (int i = 0; i < features.size(); i++) {
            out[at + i] = (float) switch (features.get(i)) {
                case "x1" -> x;
                case "x2" -> y;
                case "x1sq" -> x * x;
                case "x2sq" -> y * y;
                case "x1x2" -> x * y;
                case "sinx1" -> Math.sin(x);
                case "sinx2" -> Math.sin(y);
                default -> throw new IllegalArgumentException("features: unknown '" + features.get(i) + "'");
            };
        }
    }
}
