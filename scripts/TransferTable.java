import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.nabla.io.Json;
import org.nabla.metrics.TTest;

/**
 * The table of scripts/transfer-demo.sh: each seed's test accuracy in both arms (read from the runs' summary.json),
 * their means and the paired t-test (org.nabla.metrics.TTest). Usage: java -cp nabla.jar TransferTable.java DIR SEED...
 */
class TransferTable {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int n = args.length - 1;
        double[] transfer = new double[n], scratch = new double[n];
        System.out.println("| seed | transfer | scratch | difference |");
        System.out.println("| ---: | ---: | ---: | ---: |");
        for (int i = 0; i < n; i++) {
            transfer[i] = accuracy(dir.resolve("transfer-" + args[i + 1]));
            scratch[i] = accuracy(dir.resolve("scratch-" + args[i + 1]));
            System.out.printf(Locale.ROOT, "| %s | %.2f%% | %.2f%% | %+.2f |%n", args[i + 1], transfer[i], scratch[i], transfer[i] - scratch[i]);
        }
        System.out.printf(Locale.ROOT, "| mean | %.2f%% | %.2f%% | %+.2f |%n", mean(transfer), mean(scratch), mean(transfer) - mean(scratch));
        TTest.Result t = TTest.paired(transfer, scratch);
        System.out.printf(Locale.ROOT, "paired t-test (transfer - scratch, %d seeds): t = %.3f, df = %.0f, p = %.3g%n", n, t.t(), t.df(), t.pValue());
    }

    private static double accuracy(Path run) throws Exception {
        Map<String, Object> summary = Json.parseObject(Files.readString(run.resolve("summary.json")));
        return 100 * ((Number) ((Map<?, ?>) summary.get("test")).get("accuracy")).doubleValue();
    }

    private static double mean(double[] a) {
        double s = 0;
        for (double v : a) s += v;
        return s / a.length;
    }
}
