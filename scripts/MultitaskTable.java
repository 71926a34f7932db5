import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nabla.io.Json;
import org.nabla.metrics.TTest;

/**
 * The table of scripts/multitask-demo.sh: the main task's test accuracy of each run under OUT (folders
 * CONDITION-seedN, each with summary.json), per seed, and each multi-task condition against the single-task
 * baseline with the paired t-test of org.nabla.metrics.TTest over the seeds both have.
 * Usage: java --class-path nabla-cli/target/nabla.jar scripts/MultitaskTable.java OUT SEEDS...
 */
public class MultitaskTable {
    static final List<String> CONDITIONS = List.of("single", "fixed", "uncertainty");

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        List<String> seeds = List.of(args).subList(1, args.length);
        double[][] acc = new double[CONDITIONS.size()][seeds.size()];
        double[] coarse = new double[seeds.size()];
        System.out.printf(Locale.ROOT, "%-6s %12s %12s %12s   %s%n", "seed", "single", "fixed", "uncertainty", "(main-task test accuracy, %)");
        for (int j = 0; j < seeds.size(); j++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-6s", seeds.get(j)));
            for (int i = 0; i < CONDITIONS.size(); i++) {
                Map<String, Object> s = summary(out.resolve(CONDITIONS.get(i) + "-seed" + seeds.get(j)));
                acc[i][j] = ((Number) ((Map<?, ?>) s.get("test")).get("accuracy")).doubleValue();
                row.append(String.format(Locale.ROOT, " %12.2f", 100 * acc[i][j]));
            }
            System.out.println(row);
        }
        StringBuilder mean = new StringBuilder(String.format(Locale.ROOT, "%-6s", "mean"));
        StringBuilder sd = new StringBuilder(String.format(Locale.ROOT, "%-6s", "sd"));
        for (double[] a : acc) {
            double m = 0, v = 0;
            for (double x : a) m += x / a.length;
            for (double x : a) v += (x - m) * (x - m) / (a.length - 1);
            mean.append(String.format(Locale.ROOT, " %12.2f", 100 * m));
            sd.append(String.format(Locale.ROOT, " %12.2f", 100 * Math.sqrt(v)));
        }
        System.out.println(mean);
        System.out.println(sd);
        for (int i = 1; i < CONDITIONS.size(); i++) {
            double diff = 0;
            for (int j = 0; j < seeds.size(); j++) diff += (acc[i][j] - acc[0][j]) / seeds.size();
            TTest.Result r = TTest.paired(acc[i], acc[0]);
            System.out.printf(Locale.ROOT, "%s vs single: mean difference %+.2f points, paired t-test %s%n", CONDITIONS.get(i), 100 * diff, r);
        }
    }

    static Map<String, Object> summary(Path run) throws Exception {
        Path f = run.resolve("summary.json");
        if (!Files.exists(f)) throw new IllegalStateException(f + ": missing (the run did not complete)");
        return Json.parseObject(Files.readString(f));
    }
}
