package org.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nabla.data.DataPaths;

/**
 * Issue 5's accuracy targets with the real datasets from $NABLA_DATA (CI sets it to ../shared/data; without the
 * files these tests skip): the command lines of the README, with their default recipes and seed.
 */
class MnistTargetsTest {
    @TempDir Path tmp;

    static void assumeDataset(String name) {
        Path dir = DataPaths.dataset(name);
        assumeTrue(Files.exists(dir.resolve("train-images-idx3-ubyte.gz")) || Files.exists(dir.resolve("train-images-idx3-ubyte")),
                name + " is not in " + dir);
    }

    @Test
    void lenet5ReachesNinetyEightAndAHalfPercentOnMnistInOneEpoch() {
        assumeDataset("mnist");
        Cli.Run r = Cli.run("train", "lenet5", "--dataset", "mnist", "--epochs", "1", "--out", tmp.resolve("lenet").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(TrainCommandTest.testAccuracy(r)).isGreaterThanOrEqualTo(98.5);
    }

    @Test
    void mlpReachesNinetySevenAndAHalfPercentOnMnist() {
        assumeDataset("mnist");
        Cli.Run r = Cli.run("train", "mlp", "--dataset", "mnist", "--out", tmp.resolve("mlp").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(TrainCommandTest.testAccuracy(r)).isGreaterThanOrEqualTo(97.5);
    }

    @Test
    void lenet5ReachesEightyNinePercentOnFashionMnistInThreeEpochs() {
        assumeDataset("fashion-mnist");
        Cli.Run r = Cli.run("train", "lenet5", "--dataset", "fashion-mnist", "--epochs", "3", "--out", tmp.resolve("fashion").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(TrainCommandTest.testAccuracy(r)).isGreaterThanOrEqualTo(89.0);
    }
}
