package org.nabla.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nabla.data.ArrayDataset;
import org.nabla.data.DataLoader;
import org.nabla.data.Digits;
import org.nabla.nn.Flatten;
import org.nabla.nn.Linear;
import org.nabla.nn.Module;
import org.nabla.nn.Sequential;
import org.nabla.nn.activation.ReLU;
import org.nabla.optim.SGD;
import org.nabla.optim.schedule.StepLR;
import org.nabla.tensor.Generator;

class StepLogTest {
    @TempDir Path dir;

    /** Trains a digits MLP for 2 epochs (the rate halves after the first) with a StepLog of {@code every} steps. */
    private static List<Map<String, Double>> train(Path csv, int every, DataLoader loader) {
        Generator g = new Generator(0);
        Module m = new Sequential(new Flatten(), new Linear(64, 32, true, g), new ReLU(), new Linear(32, 10, true, g));
        SGD sgd = new SGD(m.parameters(), SGD.Options.defaults().withLr(0.05).withMomentum(0.9));
        return Trainer.builder(m, sgd).train(loader).scheduler(new StepLR(sgd, 1, 0.5), false).callback(new StepLog(csv, every)).build().fit(2);
    }

    private static DataLoader loader() {
        Digits d = Digits.load();
        ArrayDataset data = ArrayDataset.ofFloats("digits", d.features().toFloatArray(), d.labels().toLongArray(), 64);
        return DataLoader.builder(data).batchSize(40).shuffle(1).build(); // 45 batches, the last of 37 samples
    }

    @Test
    void oneRowPerStepAddsUpToTheEpochLogs() throws Exception {
        Path csv = dir.resolve("steps.csv");
        DataLoader loader = loader();
        List<Map<String, Double>> epochs = train(csv, 1, loader);
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.getFirst()).isEqualTo("step,epoch,loss,accuracy,lr");
        int batches = loader.numBatches();
        assertThat(lines).hasSize(1 + 2 * batches);
        for (int epoch = 1; epoch <= 2; epoch++) {
            double loss = 0, right = 0, samples = 0;
            for (int b = 0; b < batches; b++) {
                String[] row = lines.get(1 + (epoch - 1) * batches + b).split(",");
                assertThat(Long.parseLong(row[0])).isEqualTo((long) (epoch - 1) * batches + b + 1);
                assertThat(Integer.parseInt(row[1])).isEqualTo(epoch);
                assertThat(Double.parseDouble(row[4])).isEqualTo(epoch == 1 ? 0.05 : 0.025);
                int n = b < batches - 1 ? 40 : 1797 - 40 * (batches - 1);
                loss += Double.parseDouble(row[2]) * n;
                right += Double.parseDouble(row[3]) * n;
                samples += n;
            }
            assertThat(loss / samples).isCloseTo(epochs.get(epoch - 1).get("train_loss"), within(1e-9));
            assertThat(right / samples).isCloseTo(epochs.get(epoch - 1).get("train_accuracy"), within(1e-9));
        }
    }

    @Test
    void rowsOfSeveralStepsNeverSpanTwoEpochs() throws Exception {
        Path csv = dir.resolve("steps.csv");
        train(csv, 10, loader());
        List<String> steps = Files.readAllLines(csv).stream().skip(1).map(l -> l.substring(0, l.indexOf(','))).toList();
        assertThat(steps).containsExactly("10", "20", "30", "40", "45", "55", "65", "75", "85", "90");
    }
}
