package org.nabla.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.nabla.nn.Module;
import org.nabla.optim.Optimizer;
import org.nabla.optim.OptimizerState;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * A training checkpoint: model weights, optimizer state, epoch, step, random-generator state, the model's name and
 * a free-form configuration, stored in a folder as
 * <ul>
 *   <li>{@code weights-<step>-<id>.safetensors}: the model's state dict under its own keys (so PyTorch can read it
 *       as a state dict) and the optimizer's tensors under {@value #OPTIMIZER_PREFIX}{@code <key>};</li>
 *   <li>{@value #INDEX}: everything else as JSON, plus the name, size and SHA-256 of the weights file it belongs to.</li>
 * </ul>
 * Saving is atomic: the weights go to a new file, then the index is replaced atomically ({@link AtomicFiles}) and
 * only then are older weights files removed. A crash at any point leaves the previous index pointing at its intact
 * weights, so the last good checkpoint still loads. One writer per folder.
 *
 * @param rng the {@link Generator#state()} words, or null
 * @param optimizer the optimizer's state, or null; {@code optimizerName} names its class (e.g. "SGD")
 * @param config JSON-compatible values (strings, numbers, booleans, lists, maps); numbers read back as Double
 */
public record Checkpoint(String modelName, Map<String, Tensor> model, String optimizerName, OptimizerState optimizer,
                         long epoch, long step, long[] rng, Map<String, Object> config) {
    /** The index file's name inside a checkpoint folder. */
    public static final String INDEX = "checkpoint.json";
    /** Prefix of the optimizer's tensors in the weights file ('/' never occurs in module keys). */
    public static final String OPTIMIZER_PREFIX = "optimizer/";
    static final String FORMAT = "nabla-checkpoint";
    static final int VERSION = 1;

    public Checkpoint {
        model = Collections.unmodifiableMap(new LinkedHashMap<>(model));
        config = config == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(config));
        rng = rng == null ? null : rng.clone();
        if ((optimizer == null) != (optimizerName == null))
            throw new IllegalArgumentException("Checkpoint: optimizerName and optimizer state go together");
    }

    @Override
    public long[] rng() { return rng == null ? null : rng.clone(); }

    /** Captures the current state of a training run; {@code optimizer} and {@code generator} may be null. */
    public static Checkpoint of(String modelName, Module model, Optimizer optimizer, long epoch, long step, Generator generator,
                                Map<String, Object> config) {
        Map<String, Tensor> weights = new LinkedHashMap<>();
        model.stateDict().forEach((k, t) -> weights.put(k, t.copy()));
        return new Checkpoint(modelName, weights, optimizer == null ? null : optimizer.name(),
                optimizer == null ? null : optimizer.stateDict(), epoch, step, generator == null ? null : generator.state(), config);
    }

    /**
     * Copies the weights into {@code model} (strictly: same keys and shapes), the optimizer state into
     * {@code optimizer} and the generator state into {@code generator}; either of the last two may be null.
     * A checkpoint of another model fails with one line naming the missing/unexpected keys or the shape.
     */
    public void restore(Module model, Optimizer optimizer, Generator generator) {
        // Everything is checked before anything is copied, so a refused checkpoint leaves the objects untouched
        // (Module.loadStateDict copies key by key and would stop half-way on a shape mismatch).
        String what = "Checkpoint of model '" + modelName + "'";
        if (optimizer != null) {
            if (this.optimizer == null) throw new IllegalArgumentException(what + " holds no optimizer state");
            if (!optimizer.name().equals(optimizerName))
                throw new IllegalArgumentException(what + " holds " + optimizerName + " state, not " + optimizer.name());
        }
        if (generator != null && rng == null) throw new IllegalArgumentException(what + " holds no generator state");
        String fit = what + " does not fit this model: ";
        Map<String, Tensor> own = model.stateDict();
        if (!own.keySet().equals(this.model.keySet())) {
            try {
                model.loadStateDict(this.model, true); // throws before copying, naming the missing and unexpected keys
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(fit + e.getMessage(), e);
            }
        }
        for (var e : own.entrySet()) {
            int[] saved = this.model.get(e.getKey()).shape(), expected = e.getValue().shape();
            if (!Arrays.equals(saved, expected))
                throw new IllegalArgumentException(fit + "'" + e.getKey() + "' has shape " + Arrays.toString(saved) + ", " + model.name()
                        + " expects " + Arrays.toString(expected));
        }
        model.loadStateDict(this.model, true);
        if (optimizer != null) optimizer.loadStateDict(this.optimizer);
        if (generator != null) generator.setState(rng);
    }

    // ---------------------------------------------------------------- saving

    /** Saves into {@code dir} (created if needed), replacing the checkpoint there atomically. */
    public void save(Path dir) { save(dir, () -> {}); }

    /** {@code beforeCommit} runs after the weights are written and before the index is replaced (tests crash there). */
    void save(Path dir, Runnable beforeCommit) {
        Map<String, Tensor> tensors = new LinkedHashMap<>(model);
        if (optimizer != null) {
            for (var e : optimizer.tensors().entrySet()) {
                if (tensors.put(OPTIMIZER_PREFIX + e.getKey(), e.getValue()) != null)
                    throw new IllegalArgumentException("Checkpoint: the model has a key '" + OPTIMIZER_PREFIX + e.getKey() + "', reserved for the optimizer");
            }
        }
        Map<String, String> stMeta = new LinkedHashMap<>();
        stMeta.put("format", "pt"); // what safetensors.torch writes; PyTorch tools expect it
        stMeta.put("producer", "nabla");
        byte[] weights = SafeTensors.toBytes(tensors, stMeta);
        String weightsName = "weights-" + step + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + ".safetensors";
        AtomicFiles.write(dir.resolve(weightsName), weights);
        beforeCommit.run();

        Map<String, Object> index = new LinkedHashMap<>();
        index.put("format", FORMAT);
        index.put("version", VERSION);
        index.put("weights", weightsName);
        index.put("weights_bytes", (long) weights.length);
        index.put("weights_sha256", sha256(weights));
        index.put("model", modelName);
        index.put("epoch", epoch);
        index.put("step", step);
        if (rng != null) {
            List<Object> words = new ArrayList<>();
            for (long w : rng) words.add(HexFormat.of().toHexDigits(w)); // 64-bit words exceed a JSON double's 53 bits
            index.put("rng", words);
        }
        if (optimizer != null) {
            Map<String, Object> opt = new LinkedHashMap<>();
            opt.put("name", optimizerName);
            opt.put("metadata", new LinkedHashMap<>(optimizer.metadata()));
            index.put("optimizer", opt);
        }
        index.put("config", config);
        AtomicFiles.write(dir.resolve(INDEX), Json.writePretty(index).getBytes(StandardCharsets.UTF_8));
        removeStale(dir, weightsName);
    }

    /** Deletes weights files no index points to any more and temp files of interrupted saves. */
    private static void removeStale(Path dir, String keep) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String n = f.getFileName().toString();
                boolean oldWeights = n.startsWith("weights-") && n.endsWith(".safetensors") && !n.equals(keep);
                boolean temp = n.startsWith(".") && n.endsWith(AtomicFiles.TEMP_SUFFIX) && (n.startsWith(".weights-") || n.startsWith("." + INDEX + "."));
                if (oldWeights || temp) Files.deleteIfExists(f);
            }
        } catch (IOException ignored) {
            // Leftovers only cost disk space; the checkpoint itself is committed.
        }
    }

    // ---------------------------------------------------------------- loading

    /** Loads the checkpoint in {@code dir}; a missing, truncated or corrupt file is refused with its name and the reason. */
    @SuppressWarnings("unchecked")
    public static Checkpoint load(Path dir) {
        Path indexFile = dir.resolve(INDEX);
        String text;
        try {
            text = Files.readString(indexFile, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("Checkpoint: no " + INDEX + " in " + dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Checkpoint: cannot read " + indexFile + ": " + e.getMessage(), e);
        }
        Map<String, Object> index;
        try {
            index = Json.parseObject(text);
        } catch (IllegalArgumentException e) {
            throw bad(indexFile, "malformed JSON (truncated?): " + e.getMessage());
        }
        if (!FORMAT.equals(index.get("format"))) throw bad(indexFile, "not a Nabla checkpoint (format is " + index.get("format") + ")");
        if (!(index.get("version") instanceof Double v) || v.intValue() != VERSION)
            throw bad(indexFile, "unsupported version " + index.get("version") + " (this Nabla reads " + VERSION + ")");
        String weightsName = string(indexFile, index, "weights");
        if (weightsName.contains("/") || weightsName.contains("\\") || weightsName.startsWith("."))
            throw bad(indexFile, "weights file name '" + weightsName + "' must be a plain file name");
        Path weightsFile = dir.resolve(weightsName);
        byte[] weights;
        try {
            weights = Files.readAllBytes(weightsFile);
        } catch (NoSuchFileException e) {
            throw bad(indexFile, "its weights file " + weightsFile + " is missing");
        } catch (IOException e) {
            throw new UncheckedIOException("Checkpoint: cannot read " + weightsFile + ": " + e.getMessage(), e);
        }
        long expectedBytes = (long) number(indexFile, index, "weights_bytes");
        if (weights.length != expectedBytes)
            throw bad(weightsFile, "has " + weights.length + " bytes, " + INDEX + " records " + expectedBytes + " (truncated or replaced)");
        if (!sha256(weights).equals(index.get("weights_sha256")))
            throw bad(weightsFile, "SHA-256 differs from the one recorded in " + INDEX + " (corrupt)");
        SafeTensors.Contents contents = SafeTensors.fromBytes(weights, weightsFile.toString());

        Map<String, Tensor> model = new LinkedHashMap<>(), optTensors = new LinkedHashMap<>();
        contents.tensors().forEach((k, t) -> {
            if (k.startsWith(OPTIMIZER_PREFIX)) optTensors.put(k.substring(OPTIMIZER_PREFIX.length()), t);
            else model.put(k, t);
        });
        String optimizerName = null;
        OptimizerState optimizer = null;
        if (index.get("optimizer") != null) {
            if (!(index.get("optimizer") instanceof Map<?, ?> opt)) throw bad(indexFile, "'optimizer' is not an object");
            optimizerName = string(indexFile, (Map<String, Object>) opt, "name");
            if (!(opt.get("metadata") instanceof Map<?, ?> meta)) throw bad(indexFile, "'optimizer.metadata' is not an object");
            Map<String, Double> numbers = new LinkedHashMap<>();
            for (var e : meta.entrySet()) {
                if (!(e.getValue() instanceof Double d)) throw bad(indexFile, "optimizer metadata '" + e.getKey() + "' is not a number");
                numbers.put((String) e.getKey(), d);
            }
            optimizer = new OptimizerState(optTensors, numbers);
        } else if (!optTensors.isEmpty()) {
            throw bad(indexFile, "the weights hold optimizer tensors but the index has no 'optimizer' entry");
        }
        long[] rng = null;
        if (index.get("rng") != null) {
            if (!(index.get("rng") instanceof List<?> words)) throw bad(indexFile, "'rng' is not a list");
            rng = new long[words.size()];
            for (int i = 0; i < rng.length; i++) {
                try {
                    rng[i] = HexFormat.fromHexDigitsToLong((String) words.get(i));
                } catch (RuntimeException e) {
                    throw bad(indexFile, "'rng' word " + i + " is not 16 hex digits: " + words.get(i));
                }
            }
        }
        Object config = index.get("config");
        if (config != null && !(config instanceof Map)) throw bad(indexFile, "'config' is not an object");
        Object name = index.get("model");
        return new Checkpoint(name == null ? null : name.toString(), model, optimizerName, optimizer, (long) number(indexFile, index, "epoch"),
                (long) number(indexFile, index, "step"), rng, (Map<String, Object>) config);
    }

    private static String string(Path file, Map<String, Object> map, String key) {
        if (!(map.get(key) instanceof String s)) throw bad(file, "'" + key + "' is missing or not a string");
        return s;
    }

    private static double number(Path file, Map<String, Object> map, String key) {
        if (!(map.get(key) instanceof Double d) || d != Math.rint(d)) throw bad(file, "'" + key + "' is missing or not an integer");
        return d;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    private static IllegalArgumentException bad(Path file, String why) {
        return new IllegalArgumentException("Checkpoint: " + file + ": " + why);
    }
}
