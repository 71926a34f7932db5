package org.nabla.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nabla.io.AtomicFiles;
import org.nabla.tensor.Generator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code nabla search}: seeded random search. Each trial draws the learning rate (log-uniform over a decade either
 * side of the recipe's), the batch size and the weight decay, unless the option is given, trains on the training
 * split less a validation split and is ranked by validation accuracy.
 */
@Command(name = "search", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Random search over the learning rate (log-uniform, 10x either side of the recipe's), batch size (32, 64, 128) "
                + "and weight decay (0, 1e-5, 1e-4, 1e-3); options given are held fixed.",
                "Trials are ranked by validation accuracy (--val-split, default 0.1); the table goes to stdout and results.csv."})
final class SearchCommand implements Callable<Integer> {
    private static final int[] BATCHES = {32, 64, 128};
    private static final double[] DECAYS = {0, 1e-5, 1e-4, 1e-3};

    @Spec
    private CommandSpec spec;

    @Mixin
    private TrainOptions options;

    @Option(names = "--trials", paramLabel = "N", defaultValue = "8", description = "Configurations to try. Default: ${DEFAULT-VALUE}.")
    private int trials;

    @Option(names = "--out", paramLabel = "DIR", description = "Folder for results.csv. Default: runs/search-<model>-<dataset>-<date>-<time>.")
    private Path out;

    record Trial(int index, RunConfig config, double valAccuracy, double valLoss, double seconds) {}

    @Override
    public Integer call() {
        if (trials < 1) throw new ParameterException(spec.commandLine(), "--trials must be at least 1, got " + trials);
        if (options.valSplit == null) options.valSplit = 0.1;
        RunConfig base = options.resolve();
        RunFolder folder = RunFolder.create(out, "search-" + base.model() + "-" + base.dataset());
        RunData data = RunData.load(base);
        if (data.regression()) throw new UsageError("search ranks classifiers by validation accuracy; " + base.dataset() + " has real-valued targets");
        Generator draw = new Generator(base.seed());
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "random search: %d trials of %s on %s (%d train / %d validation samples), seed %d%n", trials, base.model(),
                base.dataset(), data.train().size(), data.validation().size(), base.seed());
        w.flush();
        List<Trial> results = new ArrayList<>();
        double recipeLr = TrainOptions.defaultLr(base.optimizer(), base.schedule());
        for (int i = 1; i <= trials; i++) {
            // three significant digits, so the printed command reproduces the trial exactly
            double lr = options.lr != null ? base.lr()
                    : new java.math.BigDecimal(recipeLr * Math.pow(10, 2 * draw.nextDouble() - 1)).round(new java.math.MathContext(3)).doubleValue();
            int batch = options.batchSize != null ? base.batchSize() : BATCHES[(int) draw.nextLong(BATCHES.length)];
            double wd = options.weightDecay != null ? base.weightDecay() : DECAYS[(int) draw.nextLong(DECAYS.length)];
            RunConfig c = base.withTrial(batch, lr, wd);
            Training.Result r = Training.run(c, data, null, null);
            Trial t = new Trial(i, c, ((EvalReport) r.validation()).accuracy(), r.validation().loss(), r.seconds());
            results.add(t);
            w.printf(Locale.ROOT, "trial %d/%d: lr %.3g batch %d weight decay %.0e -> val acc %.2f%% val loss %.4f (%.1f s)%n", i, trials, lr,
                    batch, wd, 100 * t.valAccuracy(), t.valLoss(), t.seconds());
            w.flush();
        }
        results.sort(Comparator.comparingDouble(Trial::valAccuracy).reversed().thenComparingDouble(Trial::valLoss));
        String table = table(results);
        w.print(table);
        Trial best = results.getFirst();
        RunConfig b = best.config();
        w.printf(Locale.ROOT, "best: trial %d (lr %.3g, batch %d, weight decay %.0e): nabla train %s --dataset %s --epochs %d --optimizer %s "
                        + "--lr %s --batch-size %d --weight-decay %s --seed %d%s%n", best.index(), b.lr(), b.batchSize(), b.weightDecay(),
                base.model(), base.dataset(), base.epochs(), base.optimizer(), plain(b.lr()), b.batchSize(), plain(b.weightDecay()),
                base.seed(), base.trainLimit() > 0 ? " --train-limit " + base.trainLimit() : "");
        AtomicFiles.write(folder.dir().resolve("results.csv"), csv(results).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("base_config", base.toJson());
        json.put("trials", trials);
        json.put("best_trial", best.index());
        folder.writeJson("search.json", json);
        w.println("results: " + folder.dir().resolve("results.csv"));
        w.flush();
        return 0;
    }

    /** A number as the shortest plain decimal that reads back to it ("0.0001", not "1.0E-4"). */
    private static String plain(double v) { return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString(); }

    private static String table(List<Trial> results) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%4s  %5s  %10s  %5s  %12s  %8s  %8s  %7s%n", "rank", "trial", "lr", "batch",
                "weight_decay", "val_acc", "val_loss", "seconds"));
        int rank = 1;
        for (Trial t : results)
            s.append(String.format(Locale.ROOT, "%4d  %5d  %10.3g  %5d  %12.0e  %7.2f%%  %8.4f  %7.1f%n", rank++, t.index(), t.config().lr(),
                    t.config().batchSize(), t.config().weightDecay(), 100 * t.valAccuracy(), t.valLoss(), t.seconds()));
        return s.toString();
    }

    private static String csv(List<Trial> results) {
        StringBuilder s = new StringBuilder("rank,trial,lr,batch_size,weight_decay,val_accuracy,val_loss,seconds\n");
        int rank = 1;
        for (Trial t : results)
            s.append(rank++).append(',').append(t.index()).append(',').append(t.config().lr()).append(',').append(t.config().batchSize()).append(',')
                    .append(t.config().weightDecay()).append(',').append(t.valAccuracy()).append(',').append(t.valLoss()).append(',')
                    .append(t.seconds()).append('\n');
        return s.toString();
    }
}
