package org.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.nabla.optim.SGD;
import org.nabla.tensor.Tensor;
import org.nabla.tensor.RunContext;

class BenchCommandTest {
    private static final Pattern NUMBER_FIELD = Pattern.compile("\"(\\w+)\": (-?[\\d.]+)");

    @Test
    void gemmShapesPrintOneJsonLinePerCaseAndRestoreThePool() {
        Cli.Run r = Cli.run("bench", "gemm_shapes", "--threads", "1", "--min-time", "0.03", "--wait-quiet", "0");
        assertThat(r.exitCode()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(6);
        String[] shapes = {"64x784x256", "256x800x120", "16384x150x16"};
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            assertThat(line).startsWith("{\"name\": \"" + (i % 2 == 0 ? "sgemm_nabla\"" : "sgemm_nabla_raw\""))
                    .contains("\"shape\": \"" + shapes[i / 2] + "\"", "\"threads\": 1", "\"windows\": 3", "\"lib\": \"nabla\"")
                    .endsWith("}");
            Map<String, Double> n = numbers(line);
            assertThat(n.get("batch")).isEqualTo(Double.parseDouble(shapes[i / 2].split("x")[0]));
            assertThat(n.get("gflops")).isPositive().isBetween(n.get("gflops_min") * 0.999, n.get("gflops_max") * 1.001);
            String[] mkn = shapes[i / 2].split("x");
            double flop = 2.0 * Double.parseDouble(mkn[0]) * Double.parseDouble(mkn[1]) * Double.parseDouble(mkn[2]);
            assertThat(flop / (n.get("ms_per_step") * 1e6)).isCloseTo(n.get("gflops"), within(n.get("gflops") * 0.01));
            assertThat(n.get("steps")).isGreaterThanOrEqualTo(3);
        }
        assertThat(r.err()).contains("== skinny GEMM shapes at 1 threads", "sgemm 16384x150x16: Backend.matmulInto");
        assertThat(RunContext.active()).isNull();
    }

    @Test
    void mlpTrainingAndInferenceLinesCarryTheReferenceFields() {
        Cli.Run r = Cli.run("bench", "mlp", "--threads", "1", "--min-time", "0.05", "--wait-quiet", "0");
        assertThat(r.exitCode()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).contains("\"name\": \"mlp_train\"", "\"batch\": 64", "\"optimizer\": \"SGD(lr=0.1,m=0.9)\"");
        assertThat(lines.get(1)).contains("\"name\": \"mlp_train\"", "\"batch\": 256");
        assertThat(lines.get(2)).contains("\"name\": \"mlp_infer\"", "\"batch\": 1000");
        for (String line : lines) {
            Map<String, Double> n = numbers(line);
            assertThat(n.get("params")).isEqualTo(235_146.0);
            assertThat(n.get("samples_per_s")).isPositive();
            assertThat(n.get("batch") / (n.get("ms_per_step") / 1e3)).isCloseTo(n.get("samples_per_s"), within(n.get("samples_per_s") * 0.01));
        }
    }

    @Test
    void lstmLineIsTheReferenceCharLstmWorkload() {
        Cli.Run r = Cli.run("bench", "lstm", "--threads", "1", "--min-time", "0.05", "--warmup", "0", "--windows", "1", "--wait-quiet", "0");
        assertThat(r.exitCode()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains("\"name\": \"char_lstm_train\"", "\"batch\": 32", "\"seq_len\": 64", "\"optimizer\": \"Adam(lr=2e-3)\"");
        Map<String, Double> n = numbers(lines.get(0));
        assertThat(n.get("params")).as("PyTorch's CharLSTM has 876,929 parameters").isEqualTo(876_929.0);
        assertThat(32 * 64 / (n.get("ms_per_step") / 1e3)).isCloseTo(n.get("tokens_per_s"), within(n.get("tokens_per_s") * 0.01));
    }

    @Test
    void cifarWorkloadsAreTheReferences() {
        // Built, not run: a few steps of either take minutes on a busy 2-core machine (the scripts run them).
        BenchCommand.Workload cnn = BenchCommand.cifarCnnWorkload(), resnet = BenchCommand.resnet20Workload();
        assertThat(cnn.name()).isEqualTo("cifar_cnn_train");
        assertThat(resnet.name()).isEqualTo("resnet20_train");
        assertThat(cnn.model().parameters().stream().mapToLong(Tensor::numel).sum()).as("PyTorch's cifar_cnn").isEqualTo(1_117_162);
        assertThat(resnet.model().parameters().stream().mapToLong(Tensor::numel).sum()).as("PyTorch's ResNet20").isEqualTo(272_474);
        for (BenchCommand.Workload w : List.of(cnn, resnet)) {
            assertThat(w.x().shape()).containsExactly(128, 3, 32, 32);
            assertThat(w.y().shape()).containsExactly(128);
            assertThat(w.model().call(w.x().narrow(0, 0, 2)).shape()).containsExactly(2, 10);
        }
        assertThat(cnn.optimizer().toString()).isEqualTo(new SGD(cnn.model().parameters(), SGD.Options.defaults().withLr(0.01).withMomentum(0.9)).toString());
        assertThat(resnet.optimizer().toString()).isEqualTo(new SGD(resnet.model().parameters(),
                SGD.Options.defaults().withLr(0.1).withMomentum(0.9).withWeightDecay(1e-4)).toString());
        assertThat(cnn.optimizerName()).isEqualTo("SGD(lr=0.01,m=0.9)");
        assertThat(resnet.optimizerName()).isEqualTo("SGD(lr=0.1,m=0.9,wd=1e-4)");
    }

    @Test
    void mistakesGiveOneLineAndExitCodeTwo() {
        String[][] mistakes = {
            {"bench", "transformer-xl"}, {"bench", "--threads", "0"}, {"bench", "--min-time", "0"}, {"bench", "--windows", "0"},
            {"bench", "--retries", "-1"}, {"bench", "--wait-quiet", "-2"}, {"bench", "--max-foreign", "NaN"},
        };
        for (String[] args : mistakes) {
            Cli.Run r = Cli.run(args);
            assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.out()).as(String.join(" ", args)).isEmpty();
            assertThat(r.err().lines()).as(String.join(" ", args)).hasSize(1);
        }
        assertThat(Cli.run("bench", "transformer-xl").err())
                .startsWith("nabla bench: unknown benchmark 'transformer-xl'; available: sgemm, gemm_shapes, gemm, conv, all, train, mlp, lenet");
    }

    @Test
    void jsonRoundsLikeTheReference() {
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("name", "a \"quoted\"\\name");
        rec.put("small", 3.14159265);
        rec.put("large", 1234.5678);
        rec.put("whole", 2.0);
        rec.put("missing", Double.NaN);
        rec.put("count", 7L);
        assertThat(BenchCommand.json(rec)).isEqualTo(
                "{\"name\": \"a \\\"quoted\\\"\\\\name\", \"small\": 3.1416, \"large\": 1234.57, \"whole\": 2, \"missing\": null, \"count\": 7}");
    }

    @Test
    void convLayersMatchTheReferenceGeometry() {
        List<String> shapes = BenchCommand.CONV_LAYERS.stream().map(BenchCommand.ConvLayer::shape).toList();
        assertThat(shapes).containsExactly("64x1x28x28->6 k5 p2", "64x6x14x14->16 k5 p0", "128x64x32x32->64 k3 p1");
        BenchCommand.ConvLayer conv2 = BenchCommand.CONV_LAYERS.get(1);
        assertThat(conv2.outH()).isEqualTo(10);
        assertThat(conv2.flops()).isEqualTo(3 * 2.0 * 64 * 16 * 10 * 10 * 6 * 25);
    }

    @Test
    void timerReportsTheMedianWindow() {
        StringWriter log = new StringWriter();
        StepTimer timer = new StepTimer(new StepTimer.Settings(3, 0, 0.15, 0), new PrintWriter(log, true));
        int[] calls = {0};
        StepTimer.Measurement m = timer.time(() -> {
            calls[0]++;
            long end = System.nanoTime() + 2_000_000;
            while (System.nanoTime() < end) Thread.onSpinWait();
        }, 0.06, 0.01, 3);
        assertThat(m.windows()).isEqualTo(3);
        assertThat(m.tries()).isEqualTo(3);
        assertThat(m.perStep()).isGreaterThanOrEqualTo(0.002).isBetween(m.fastest(), m.slowest());
        assertThat(m.seconds()).isGreaterThanOrEqualTo(0.06);
        assertThat(m.steps()).isBetween(3L, 30L);
        assertThat(calls[0]).isGreaterThanOrEqualTo((int) m.steps() + 3);
        if (timer.measuresLoad()) assertThat(m.foreignCpu()).isFinite().isGreaterThanOrEqualTo(0);
        else assertThat(m.foreignCpu()).isNaN();
        assertThat(log.toString()).isEmpty();
    }

    private static Map<String, Double> numbers(String line) {
        Map<String, Double> n = new LinkedHashMap<>();
        Matcher m = NUMBER_FIELD.matcher(line);
        while (m.find()) n.put(m.group(1), Double.parseDouble(m.group(2)));
        return n;
    }
}
