package org.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nabla.metrics.TTest;

/**
 * scripts/transfer-demo.sh at a small scale, with MNIST from $NABLA_DATA (skipped without it): LeNet-5 pretrained
 * on 3,000 images of digits 0-4, fine-tuned under a new head on digits 5-9 with 10 labels per class, beats the same
 * model trained from scratch on the same 50 images, over 3 seeds.
 */
class TransferExperimentTest {
    @TempDir Path tmp;

    @Test
    void pretrainedOnZeroToFourBeatsScratchOnFiveToNineWithTenLabelsPerClass() {
        MnistTargetsTest.assumeDataset("mnist");
        Path base = tmp.resolve("base");
        Cli.Run pre = Cli.run("train", "lenet5", "--dataset", "mnist", "--classes", "0-4", "--train-limit", "3000", "--epochs", "2", "--test-limit", "500",
                "--out", base.toString());
        assertThat(pre.exitCode()).as(pre.err()).isZero();
        assertThat(TrainCommandTest.testAccuracy(pre)).isGreaterThan(95.0);

        long[] seeds = {1, 2, 3};
        double[] transfer = new double[seeds.length], scratch = new double[seeds.length];
        for (int i = 0; i < seeds.length; i++) {
            String[] fineTune = {"train", "lenet5", "--dataset", "mnist", "--classes", "5-9", "--per-class", "10", "--batch-size", "10", "--epochs", "10",
                    "--test-limit", "1000", "--seed", Long.toString(seeds[i])};
            transfer[i] = accuracy(with(fineTune, "--init-from", base.toString(), "--new-head", "11.", "--out", tmp.resolve("t" + i).toString()));
            scratch[i] = accuracy(with(fineTune, "--out", tmp.resolve("s" + i).toString()));
        }
        double gain = Arrays.stream(transfer).average().orElseThrow() - Arrays.stream(scratch).average().orElseThrow();
        String arms = "transfer " + Arrays.toString(transfer) + " vs scratch " + Arrays.toString(scratch) + " (" + TTest.paired(transfer, scratch) + ")";
        System.out.println("TransferExperimentTest: " + arms);
        assertThat(gain).as(arms).isGreaterThan(3.0);
    }

    private static double accuracy(String... args) {
        Cli.Run r = Cli.run(args);
        assertThat(r.exitCode()).as(r.err()).isZero();
        return TrainCommandTest.testAccuracy(r);
    }

    private static String[] with(String[] a, String... more) {
        String[] out = Arrays.copyOf(a, a.length + more.length);
        System.arraycopy(more, 0, out, a.length, more.length);
        return out;
    }
}
