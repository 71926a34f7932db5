package org.nabla.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nabla.models.Models;
import org.nabla.nn.Dropout;
import org.nabla.nn.Linear;
import org.nabla.nn.Module;
import org.nabla.nn.Sequential;
import org.nabla.nn.activation.ReLU;
import org.nabla.nn.loss.MSELoss;
import org.nabla.optim.Adam;
import org.nabla.optim.SGD;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

class CheckpointTest {
    @TempDir Path dir;

    /** A small model whose training draws from {@code gen} (batches and dropout), so resuming needs its state. */
    private static Sequential model(long seed, Generator gen) {
        Generator init = new Generator(seed);
        return new Sequential(new Linear(4, 8, true, init), new ReLU(), new Dropout(0.25, gen), new Linear(8, 2, true, init));
    }

    private static final Tensor X = Tensor.randn(new Generator(11), 32, 4);
    private static final Tensor Y = Tensor.randn(new Generator(12), 32, 2);

    private static void train(Module model, SGD opt, Generator gen, int steps) {
        MSELoss loss = new MSELoss();
        for (int i = 0; i < steps; i++) {
            Tensor idx = Tensor.randint(gen, 0, 32, 8);
            opt.zeroGrad();
            loss.call(model.call(X.indexSelect(0, idx)), Y.indexSelect(0, idx)).backward();
            opt.step();
        }
    }

    private static SGD sgd(Module m) { return new SGD(m.parameters(), SGD.Options.defaults().withLr(0.05).withMomentum(0.9).withWeightDecay(1e-3)); }

    @Test
    void resumingContinuesExactlyAsTheUninterruptedRun() {
        Generator genA = new Generator(42);
        Sequential a = model(1, genA);
        SGD optA = sgd(a);
        train(a, optA, genA, 10);

        Generator genB = new Generator(42);
        Sequential b = model(1, genB);
        SGD optB = sgd(b);
        train(b, optB, genB, 4);
        Checkpoint.of("tiny", b, optB, 0, 4, genB, Map.of("lr", 0.05)).save(dir);

        // Fresh objects, deliberately different: another init, another seed, no optimizer state.
        Generator genC = new Generator(999);
        Sequential c = model(7, genC);
        SGD optC = sgd(c);
        Checkpoint ck = Checkpoint.load(dir);
        ck.restore(c, optC, genC);
        assertThat(ck.step()).isEqualTo(4);
        train(c, optC, genC, 6);

        var sa = a.stateDict();
        c.stateDict().forEach((k, t) -> assertThat(t.toFloatArray()).as(k).isEqualTo(sa.get(k).toFloatArray()));
        var ma = optA.stateDict().tensors();
        optC.stateDict().tensors().forEach((k, t) -> assertThat(t.toFloatArray()).as(k).isEqualTo(ma.get(k).toFloatArray()));
        assertThat(genC.state()).isEqualTo(genA.state());
    }

    @Test
    void roundTripsEveryField() {
        Generator gen = new Generator(5);
        gen.nextGaussian(); // leaves a cached Gaussian in the state
        Sequential m = model(3, gen);
        Adam adam = new Adam(m.parameters(), Adam.Options.defaults().withLr(1e-3));
        Tensor x = Tensor.randn(new Generator(1), 2, 4);
        m.call(x).sum().backward();
        adam.step();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("batch_size", 64);
        config.put("schedule", "cosine");
        config.put("layers", List.of(4, 8, 2));
        Checkpoint.of("tiny", m, adam, 3, 17, gen, config).save(dir);
        Checkpoint ck = Checkpoint.load(dir);
        assertThat(ck.modelName()).isEqualTo("tiny");
        assertThat(ck.epoch()).isEqualTo(3);
        assertThat(ck.step()).isEqualTo(17);
        assertThat(ck.rng()).isEqualTo(gen.state());
        assertThat(ck.optimizerName()).isEqualTo("Adam");
        assertThat(ck.optimizer().metadata()).isEqualTo(adam.stateDict().metadata());
        assertThat(ck.optimizer().tensors().keySet()).isEqualTo(adam.stateDict().tensors().keySet());
        assertThat(ck.config()).containsEntry("batch_size", 64.0).containsEntry("schedule", "cosine").containsEntry("layers", List.of(4.0, 8.0, 2.0));
        m.stateDict().forEach((k, t) -> assertThat(ck.model().get(k).toFloatArray()).as(k).isEqualTo(t.toFloatArray()));
        // The weights file is a plain state dict for PyTorch, the optimizer's tensors kept apart under a prefix.
        Path weights = dir.resolve((String) Json.parseObject(read(dir.resolve(Checkpoint.INDEX))).get("weights"));
        assertThat(SafeTensors.load(weights).keySet()).filteredOn(k -> !k.startsWith(Checkpoint.OPTIMIZER_PREFIX))
                .containsExactlyInAnyOrderElementsOf(m.stateDict().keySet());
        // Restoring the wrong optimizer kind is refused.
        assertThatThrownBy(() -> ck.restore(model(3, gen), sgd(m), null)).hasMessage("Checkpoint of model 'tiny' holds Adam state, not SGD");
    }

    @Test
    void aWriterCrashingHalfwayLeavesTheOldFileIntact() throws IOException {
        Path file = dir.resolve("w.safetensors");
        SafeTensors.save(file, Map.of("w", Tensor.ones(4)));
        byte[] before = Files.readAllBytes(file);
        byte[] next = SafeTensors.toBytes(Map.of("w", Tensor.zeros(4)), Map.of());
        assertThatThrownBy(() -> AtomicFiles.write(file, out -> {
            out.write(next, 0, next.length / 2);
            throw new IllegalStateException("simulated crash");
        })).hasMessage("simulated crash");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(files()).containsExactly("w.safetensors"); // the temp file is gone
    }

    @Test
    void aCrashBeforeTheCommitLeavesTheLastGoodCheckpoint() throws IOException {
        Sequential m = model(1, new Generator(0));
        Checkpoint.of("tiny", m, null, 1, 100, null, Map.of()).save(dir);
        Map<String, Tensor> good = Checkpoint.load(dir).model();
        m.parameters().forEach(p -> p.detach().fill(9));
        assertThatThrownBy(() -> Checkpoint.of("tiny", m, null, 2, 200, null, Map.of()).save(dir, () -> {
            throw new IllegalStateException("simulated crash");
        })).hasMessage("simulated crash");
        Checkpoint ck = Checkpoint.load(dir);
        assertThat(ck.step()).isEqualTo(100);
        good.forEach((k, t) -> assertThat(ck.model().get(k).toFloatArray()).as(k).isEqualTo(t.toFloatArray()));
        // The next good save commits and removes the orphaned weights.
        Checkpoint.of("tiny", m, null, 2, 200, null, Map.of()).save(dir);
        assertThat(Checkpoint.load(dir).step()).isEqualTo(200);
        assertThat(files()).hasSize(2).contains(Checkpoint.INDEX);
    }

    @Test
    void truncatedOrCorruptFilesAreRefusedWithTheFileAndTheReason() throws IOException {
        Sequential m = model(1, new Generator(0));
        Checkpoint.of("tiny", m, null, 0, 1, null, Map.of()).save(dir);
        Path index = dir.resolve(Checkpoint.INDEX);
        Path weights = dir.resolve((String) Json.parseObject(read(index)).get("weights"));
        byte[] w = Files.readAllBytes(weights);
        String json = read(index);

        Files.write(weights, Arrays.copyOf(w, w.length - 10));
        assertRefused(weights + ": has " + (w.length - 10) + " bytes, checkpoint.json records " + w.length + " (truncated or replaced)");
        byte[] flipped = w.clone();
        flipped[w.length - 3] ^= 1;
        Files.write(weights, flipped);
        assertRefused(weights + ": SHA-256 differs from the one recorded in checkpoint.json (corrupt)");
        Files.write(weights, w);
        Files.writeString(index, json.substring(0, json.length() / 2));
        assertRefused(index + ": malformed JSON (truncated?)");
        Files.delete(index);
        assertThatThrownBy(() -> Checkpoint.load(dir)).hasMessage("Checkpoint: no checkpoint.json in " + dir);
        Files.writeString(index, json);
        Files.delete(weights);
        assertRefused(index + ": its weights file " + weights + " is missing");
    }

    @Test
    void aCheckpointOfAnotherModelGivesAOneLineError() {
        Checkpoint.of("tiny", model(1, new Generator(0)), null, 0, 1, null, Map.of()).save(dir);
        Checkpoint ck = Checkpoint.load(dir);
        assertThatThrownBy(() -> ck.restore(Models.lenet5(new Generator(0)), null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Checkpoint of model 'tiny' does not fit this model: loadStateDict into Sequential: "
                        + "missing keys [7.weight, 7.bias, 9.weight, 9.bias, 11.weight, 11.bias], unexpected keys []")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThatThrownBy(() -> ck.restore(new Sequential(new Linear(4, 8, true, new Generator(0))), null, null))
                .hasMessageEndingWith("missing keys [], unexpected keys [3.bias, 3.weight]");
        Sequential wider = new Sequential(new Linear(4, 5, true, new Generator(0)), new ReLU(), new Dropout(0.25), new Linear(5, 2, true, new Generator(0)));
        float[] before = wider.stateDict().get("3.bias").toFloatArray();
        assertThatThrownBy(() -> ck.restore(wider, null, null))
                .hasMessage("Checkpoint of model 'tiny' does not fit this model: '0.weight' has shape [8, 4], Sequential expects [5, 4]");
        assertThat(wider.stateDict().get("3.bias").toFloatArray()).isEqualTo(before); // nothing was copied
    }

    private void assertRefused(String message) {
        assertThatThrownBy(() -> Checkpoint.load(dir)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("Checkpoint: " + message);
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
