package org.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/** The run folder's training curves: per step, smoothed, with validation points, and short tick labels. */
class PlotsTest {
    @TempDir Path tmp;

    @Test
    void aOneEpochRunPlotsEveryStepWithTheValidationPoint() throws IOException {
        Path out = tmp.resolve("run");
        Cli.Run r = Cli.run("train", "--epochs", "1", "--schedule", "none", "--val-split", "0.1", "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();

        List<String> steps = Files.readAllLines(out.resolve("steps.csv"));
        assertThat(steps.getFirst()).isEqualTo("step,epoch,loss,accuracy,lr");
        java.util.regex.Matcher sizes = java.util.regex.Pattern.compile("(\\d+) train / \\d+ validation").matcher(r.out());
        assertThat(sizes.find()).as(r.out()).isTrue();
        int batches = (int) Math.ceil(Integer.parseInt(sizes.group(1)) / 32.0); // the digits' default batch is 32
        assertThat(steps).hasSize(1 + batches);
        assertThat(steps.getLast()).startsWith(batches + ",1,");

        List<Map<String, Double>> history = List.of(Map.of("epoch", 1.0, "val_loss", 0.5, "val_accuracy", 0.9));
        XYChart loss = Plots.trainingChart(out.resolve("steps.csv"), history, Plots.LOSS);
        Map<String, XYSeries> series = loss.getSeriesMap();
        assertThat(series.get("train (each step)").getXData()).hasSize(batches);
        assertThat(series.get("train (smoothed)").getXData()).hasSize(batches);
        assertThat(series.get("validation (per epoch)").getXData()).containsExactly(1.0);
        double[] x = series.get("train (each step)").getXData();
        assertThat(x[0]).isCloseTo(0.5 / batches, within(1e-12)); // each step at the middle of its share of the epoch
        assertThat(x[batches - 1]).isCloseTo(1 - 0.5 / batches, within(1e-12));
        for (String png : List.of("loss.png", "accuracy.png")) assertThat(ImageIO.read(out.resolve(png).toFile()).getWidth()).isEqualTo(800);
    }

    @Test
    void tickLabelsAreShortAndTrue() {
        assertThat(Plots.tickLabel(0.1 + 0.2, 2.6)).isEqualTo("0.3");
        assertThat(Plots.tickLabel(0.6000000000000001, 1)).isEqualTo("0.6");
        assertThat(Plots.tickLabel(2, 2.6)).isEqualTo("2");
        assertThat(Plots.tickLabel(97.5, 60)).isEqualTo("97.5");
        assertThat(Plots.tickLabel(-0.0, 1)).isEqualTo("0");
        assertThat(Plots.tickLabel(1234.5678, 1000)).isEqualTo("1235");
        assertThat(Plots.tickLabel(0.30000001192092896, 0)).isEqualTo("0.3"); // a one-point axis
        DecimalFormat log = new DecimalFormat(Plots.LOG_TICKS);
        assertThat(List.of(log.format(1e-5), log.format(0.1), log.format(10))).containsExactly("0.00001", "0.1", "10");
    }

    @Test
    void smoothingFollowsATrendToBothEndsAndAveragesNoise() {
        double[] line = new double[50], noisy = new double[50];
        for (int i = 0; i < 50; i++) {
            line[i] = 3 - 0.05 * i;
            noisy[i] = 1 + (i % 2 == 0 ? 0.5 : -0.5);
        }
        assertThat(Plots.smoothed(line, 5)).containsExactly(line, within(1e-12)); // no pull at the ends
        double[] s = Plots.smoothed(noisy, 5);
        for (int i = 5; i < 45; i++) assertThat(s[i]).isCloseTo(1, within(0.5 / 11 + 1e-12));
    }

    @Test
    void axesLeaveNoSpikeToFlattenTheCurve() {
        assertThat(Plots.yRange(new double[] {2.3, 0.4, 0.1}, List.of(0.2), false)).containsExactly(0, 2.5);
        assertThat(Plots.yRange(new double[] {20, 90, 97}, List.of(), true)).containsExactly(0, 100);
        assertThat(Plots.yRange(new double[] {93, 97, 99}, List.of(), true)).containsExactly(92, 100); // a tick step below the lowest
        assertThat(Plots.decades(new double[] {2.3, 0.004}, List.of(0.05))).containsExactly(0.001, 2.3 * 1.25);
        assertThat(Plots.niceStep(0.37)).isEqualTo(0.5);
    }

    @Test
    void theAttentionHeatMapHasACellPerOutputAndSourceCharacter() throws IOException {
        String source = "3 May 1999", output = "1999-05-03";
        double[][] w = new double[output.length()][source.length()];
        for (int t = 0; t < w.length; t++) w[t][(t * 3) % source.length()] = 1; // one-hot rows
        org.knowm.xchart.HeatMapChart chart = Plots.attentionChart(w, source, output);
        org.knowm.xchart.HeatMapSeries series = chart.getSeriesMap().get("attention");
        assertThat(series.getHeatData()).hasSize(source.length() * output.length());
        assertThat(series.getXData()).hasSize(source.length()).doesNotHaveDuplicates();
        assertThat(series.getYData()).hasSize(output.length()).doesNotHaveDuplicates();
        Path png = tmp.resolve("attention.png");
        Plots.attention(w, source, output, png);
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(Math.max(400, 34 * source.length() + 160));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Plots.attentionChart(new double[2][3], source, output))
                .hasMessage("attention heat map: 2 x 3 weights for 10 output and 10 source characters");
    }
}
