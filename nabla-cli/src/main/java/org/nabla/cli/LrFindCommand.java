package org.nabla.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nabla.cli.lab.Charts;
import org.nabla.data.DataLoader;
import org.nabla.io.AtomicFiles;
import org.nabla.nn.Module;
import org.nabla.tensor.Generator;
import org.nabla.train.lrfind.LrRangeFinder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nabla lr-find MODEL --dataset D}: Smith's learning-rate range test with the run's model, data, optimizer and
 * batch size as {@code train} would build them; writes lr-find.csv, lr-find.json and lr-find.png and prints the
 * suggested rate and how it was chosen.
 */
@Command(name = "lr-find", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Learning-rate range test (Smith 2017): trains one step per rate while the rate grows exponentially from --start to --end, "
                + "smooths the loss, stops when it diverges, and suggests a rate (the steepest descent of the smoothed loss, else its minimum / 10). "
                + "Writes lr-find.png, lr-find.csv and lr-find.json. Takes train's options (model, dataset, optimizer, batch size, ...)."})
final class LrFindCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private TrainOptions options;

    @Option(names = "--start", paramLabel = "RATE", defaultValue = "1e-7", description = "First rate. Default: ${DEFAULT-VALUE}.")
    private double start;

    @Option(names = "--end", paramLabel = "RATE", defaultValue = "10", description = "Last rate. Default: ${DEFAULT-VALUE}.")
    private double end;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "100", description = "Steps of the ramp. Default: ${DEFAULT-VALUE}.")
    private int steps;

    @Option(names = "--out", paramLabel = "DIR", description = "Folder to create. Default: runs/lr-find-<model>-<dataset>-<date>-<time>.")
    private Path out;

    @Override
    public Integer call() {
        LrRangeFinder.Options o;
        try {
            o = LrRangeFinder.Options.defaults().withRange(start, end, steps);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--start/--end/--steps: " + e.getMessage().replace("LrRangeFinder: ", ""));
        }
        RunConfig c = options.resolve();
        RunData data = RunData.load(c);
        PrintWriter w = spec.commandLine().getOut();
        RunFolder folder = RunFolder.create(out, "lr-find-" + c.model() + "-" + TrainCommand.folderLabel(c.dataset()));
        w.printf(Locale.ROOT, "lr-find: %s on %s (%d training samples), %s, batch %d, rates %s to %s in %d steps%n", c.model(), c.dataset(),
                data.train().size(), c.optimizer(), c.batchSize(), start, end, steps);
        w.flush();
        LrRangeFinder.Result r = Training.inRun(c, () -> {
            Module model = Training.model(c, data);
            DataLoader loader = DataLoader.builder(data.train()).batchSize(c.batchSize()).shuffle(new Generator(c.seed() + 1)).build();
            return LrRangeFinder.run(model, Training.optimizer(c, model), Training.loss(c, data), loader, o);
        });
        write(folder, r);
        int n = r.rates().length;
        w.printf(Locale.ROOT, "%d steps, %s%n", n, r.diverged() ? "stopped at rate " + sci(r.rates()[n - 1]) + ": the smoothed loss passed 4× its minimum"
                : "the whole ramp ran without diverging (raise --end to see where it does)");
        w.printf(Locale.ROOT, "smoothed loss: minimum %.4f at rate %s; steepest descent at rate %s%n", min(r.smoothed()), sci(r.minimum()),
                Double.isNaN(r.steepest()) ? "(none before the minimum)" : sci(r.steepest()));
        w.printf(Locale.ROOT, "suggested learning rate: %s (%s)%n", sci(r.suggested()), r.rule().description());
        w.println("written: " + folder.dir().resolve("lr-find.png") + ", lr-find.csv, lr-find.json");
        w.flush();
        return 0;
    }

    private static void write(RunFolder folder, LrRangeFinder.Result r) {
        StringBuilder csv = new StringBuilder("lr,loss,smoothed_loss\n");
        for (int i = 0; i < r.rates().length; i++) csv.append(r.rates()[i]).append(',').append(r.losses()[i]).append(',').append(r.smoothed()[i]).append('\n');
        AtomicFiles.write(folder.dir().resolve("lr-find.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("suggested_lr", r.suggested());
        json.put("rule", r.rule().name().toLowerCase(Locale.ROOT));
        json.put("steepest_lr", Double.isNaN(r.steepest()) ? null : r.steepest());
        json.put("min_loss_lr", r.minimum());
        json.put("diverged", r.diverged());
        json.put("steps", r.rates().length);
        folder.writeJson("lr-find.json", json);
        double[] sx = {r.suggested(), r.suggested()}, sy = {min(r.smoothed()), max(r.smoothed())};
        Charts.lines(folder.dir().resolve("lr-find.png"), "Learning-rate range test: suggested " + sci(r.suggested()) + " (" + r.rule().description() + ")",
                "learning rate (log scale)", "training loss", List.of(Charts.Series.line("loss", r.rates(), r.losses()),
                        Charts.Series.line("smoothed loss", r.rates(), r.smoothed()), Charts.Series.line("suggested rate", sx, sy)), true, false);
    }

    private static String sci(double v) { return String.format(Locale.ROOT, "%.3g", v); }

    private static double min(double[] v) { return java.util.Arrays.stream(v).filter(Double::isFinite).min().orElse(Double.NaN); }

    private static double max(double[] v) { return java.util.Arrays.stream(v).filter(Double::isFinite).max().orElse(Double.NaN); }
}
