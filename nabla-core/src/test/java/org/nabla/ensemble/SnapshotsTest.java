package org.nabla.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nabla.data.ArrayDataset;
import org.nabla.data.DataLoader;
import org.nabla.io.SafeTensors;
import org.nabla.nn.Linear;
import org.nabla.optim.SGD;
import org.nabla.optim.schedule.Schedules;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;
import org.nabla.train.Callback;
import org.nabla.train.TrainContext;
import org.nabla.train.Trainer;
import org.nabla.train.task.ClassificationTask;

class SnapshotsTest {
    @TempDir Path tmp;

    @Test
    void aCyclicRunSavesTheWeightsAtTheEndOfEachCycle() {
        int n = 40, batch = 10, epochs = 4, cycles = 2, stepsPerCycle = n / batch * epochs / cycles;
        Generator g = new Generator(3);
        float[] x = Tensor.randn(g, n, 4).toFloatArray();
        long[] y = new long[n];
        for (int i = 0; i < n; i++) y[i] = i % 3;
        Linear model = new Linear(4, 3, true, g);
        double lr = 0.1;
        SGD opt = new SGD(model.parameters(), lr);
        Schedules.Schedule schedule = Schedules.restarts(opt, n / batch * epochs, cycles);
        List<Double> rates = new ArrayList<>();
        List<Map<String, Tensor>> atEpochEnd = new ArrayList<>();
        Path dir = tmp.resolve("snapshots");
        Trainer trainer = Trainer.builder(new ClassificationTask(model, opt)).train(DataLoader.builder(ArrayDataset.ofFloats("x", x, y, 4)).batchSize(batch).build())
                .scheduler(schedule.scheduler(), schedule.perBatch()).callback(new Snapshots(dir, model, epochs / cycles))
                .callback(new Callback() {
                    @Override public void onBatchEnd(TrainContext ctx) { rates.add(ctx.logs().get("step_lr")); }

                    @Override public void onEpochEnd(TrainContext ctx) {
                        Map<String, Tensor> copy = new java.util.LinkedHashMap<>();
                        model.stateDict().forEach((k, v) -> copy.put(k, v.copy()));
                        atEpochEnd.add(copy);
                    }
                }).build();
        trainer.fit(epochs);

        // SGDR per batch: each cycle starts again at lr and anneals along the cosine, lr/2 (1 + cos(pi t / T))
        assertThat(rates).hasSize(n / batch * epochs);
        for (int s = 0; s < rates.size(); s++)
            assertThat(rates.get(s)).as("step " + s).isCloseTo(lr / 2 * (1 + Math.cos(Math.PI * (s % stepsPerCycle) / stepsPerCycle)), within(1e-12));
        assertThat(Snapshots.list(dir)).containsExactly(Snapshots.file(dir, 1), Snapshots.file(dir, 2));
        for (int k = 1; k <= cycles; k++) {
            Map<String, Tensor> saved = SafeTensors.load(Snapshots.file(dir, k)), expected = atEpochEnd.get(k * epochs / cycles - 1);
            assertThat(saved.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
            for (String key : saved.keySet()) assertThat(saved.get(key).toFloatArray()).as(key).containsExactly(expected.get(key).toFloatArray());
        }
        assertThat(SafeTensors.read(Snapshots.file(dir, 2)).metadata()).containsEntry("cycle", "2").containsEntry("epoch", "4");
    }

    @Test
    void listsSnapshotsInCycleOrderAndOnlyThem() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("s"));
        for (String f : List.of("cycle-10.safetensors", "cycle-2.safetensors", "cycle-1.safetensors", "notes.txt", "cycle-x.safetensors"))
            Files.writeString(dir.resolve(f), "");
        assertThat(Snapshots.list(dir).stream().map(p -> p.getFileName().toString()))
                .containsExactly("cycle-1.safetensors", "cycle-2.safetensors", "cycle-10.safetensors");
        assertThat(Snapshots.list(tmp.resolve("none"))).isEmpty();
        assertThatThrownBy(() -> new Snapshots(dir, new Linear(1, 1), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Snapshots: epochs per cycle must be at least 1, got 0");
        assertThatThrownBy(() -> Schedules.restarts(new SGD(new Linear(1, 1).parameters(), 0.1), 10, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("restarts: 10 steps do not split into 3 equal cycles");
    }
}
