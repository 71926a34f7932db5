package org.nabla.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nabla.nn.Summary;
import org.nabla.nn.Sequential;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nabla train}: trains a built-in model on a dataset, prints the test metrics and writes a run folder. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains a model, prints progress and the test metrics, and writes a run folder: config.json, metrics.csv, "
                + "summary.json, checkpoint/, loss.png, accuracy.png, confusion.png.",
                "Unset options take the model's recipe (e.g. lenet5: adam, onecycle to 0.005, batch 64, standardised inputs)."})
final class TrainCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private TrainOptions options;

    @Option(names = "--out", paramLabel = "DIR", description = "Run folder to create. Default: runs/<model>-<dataset>-<date>-<time>.")
    private Path out;

    @Override
    public Integer call() {
        RunConfig c = options.resolve();
        PrintWriter w = spec.commandLine().getOut();
        RunData data = RunData.load(c);
        Training.checkSteps(c, data);
        int[] input = new int[data.sampleShape().length + 1];
        input[0] = 1;
        System.arraycopy(data.sampleShape(), 0, input, 1, data.sampleShape().length);
        Sequential model = Training.model(c, data);
        Summary summary = Summary.of(model, input); // eval mode, no grad: the model is left as it was
        RunFolder folder = RunFolder.create(out, c.model() + "-" + c.dataset());
        folder.writeJson(RunFolder.CONFIG, Training.metadata(c, data));
        w.printf(Locale.ROOT, "training %s (%,d parameters, %,d multiply-adds per sample) on %s: %d train%s / %d test samples of %s, %d classes%n",
                c.model(), summary.totalParams(), summary.totalMacs(), c.dataset(), data.train().size(),
                data.validation() == null ? "" : " / " + data.validation().size() + " validation", data.test().size(),
                shape(data.sampleShape()), data.classes());
        w.printf(Locale.ROOT, "%s lr %s, %s schedule, batch %d, %d epoch%s, %s inputs, seed %d, %d thread%s%n", c.optimizer(), c.lr(),
                c.schedule(), c.batchSize(), c.epochs(), c.epochs() == 1 ? "" : "s", c.normalize().equals("none") ? "raw" : c.normalize() + "d",
                c.seed(), c.threads(), c.threads() == 1 ? "" : "s");
        if (c.clipGrad() > 0) w.printf(Locale.ROOT, "gradients clipped to a global L2 norm of %s%n", c.clipGrad());
        if (c.batchSize() > data.train().size())
            w.printf(Locale.ROOT, "note: --batch-size %d is larger than the %d training samples: each epoch is one batch of all of them%n",
                    c.batchSize(), data.train().size());
        w.flush();
        Training.Result r = Training.run(c, data, model, folder, w);
        r.test().print(w, "test", data.classNames());
        w.printf(Locale.ROOT, "test accuracy %.2f%% after %d epoch%s: %,.0f training samples/s, %.1f s wall, peak heap %.0f MB%n",
                100 * r.test().accuracy(), r.history().size(), r.history().size() == 1 ? "" : "s", r.samplesPerS(), r.seconds(),
                r.memory().heapMb());
        folder.writeResult(r, data);
        w.println("run folder: " + folder.dir());
        w.flush();
        return 0;
    }

    static String shape(int[] s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length; i++) b.append(i == 0 ? "" : "x").append(s[i]);
        return b.toString();
    }
}
