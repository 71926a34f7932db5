package org.nabla.models.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;
import static org.nabla.testing.Fixtures.integer;
import static org.nabla.testing.Fixtures.ints;
import static org.nabla.testing.Fixtures.map;
import static org.nabla.testing.Fixtures.tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nabla.autograd.GradMode;
import org.nabla.io.SafeTensors;
import org.nabla.models.Models;
import org.nabla.nn.Dropout;
import org.nabla.nn.Module;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;
import org.nabla.tensor.DType;
import org.nabla.testing.Fixtures;

/**
 * The model zoo against torchvision 0.14: one test per {@code fixtures/zoo/CASE.json} (written by
 * {@code make_zoo_fixtures.py}). For each registered model: the same state-dict keys and shapes in the same order,
 * the same parameter count, torchvision's state (the fixtures' deterministic fill, {@link ZooFill}) loads with
 * strict, and the output on the fixtures' input agrees within 1e-4 relative to its largest value — in eval mode
 * (running statistics), or in train mode (batch statistics, and the running statistics it leaves; GoogLeNet's
 * auxiliary logits too); dropout is off in both.
 */
class ZooFixtureTest {
    private static final String DIR = "/fixtures/zoo";
    private static final double RTOL = 1e-4;

    @TestFactory
    Stream<DynamicTest> everyZooModelMatchesTorchvision() {
        List<Path> files = caseFiles();
        assertThat(files).as("fixture cases in " + DIR).isNotEmpty();
        String only = System.getProperty("nabla.zoo.cases"); // e.g. -Dnabla.zoo.cases=googlenet,googlenet_train
        if (only != null) {
            List<String> names = List.of(only.split(","));
            files = files.stream().filter(f -> names.contains(f.getFileName().toString().replace(".json", ""))).toList();
        }
        return files.stream().map(f -> dynamicTest(f.getFileName().toString().replace(".json", ""), () -> check(load(f))));
    }

    /**
     * torchvision's resnet18 state dict as a safetensors file: Nabla writes the very bytes the script's writer (the
     * reference serializer's layout) wrote from torch's state dict — same SHA-256 — and the file loads with strict
     * and gives torchvision's outputs.
     */
    @Test
    void torchvisionResnet18ThroughSafeTensorsLoadsStrictly() throws Exception {
        Map<String, Object> c = load(dir().resolve("resnet18.json"));
        Map<String, Object> torchFile = map(c.get("safetensors"));
        byte[] bytes = SafeTensors.toBytes(ZooFill.stateDict(entries(c)), Map.of("format", "pt"));
        int headerLength = Math.toIntExact(ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong());
        assertThat(new String(bytes, 8, headerLength, StandardCharsets.UTF_8).stripTrailing()).isEqualTo(torchFile.get("header"));
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))).isEqualTo(torchFile.get("sha256"));
        Map<String, Tensor> read = SafeTensors.fromBytes(bytes, "resnet18.safetensors").tensors();
        Module m = create(c);
        m.loadStateDict(read, true);
        assertOutput("resnet18 from safetensors", m.eval(), c);

        // strict refuses a state with a key torchvision has and Nabla lacks, or the other way round
        Map<String, Tensor> missing = new LinkedHashMap<>(read);
        missing.remove("layer4.1.bn2.num_batches_tracked");
        assertThatThrownBy(() -> m.loadStateDict(missing, true)).hasMessageContaining("missing keys [layer4.1.bn2.num_batches_tracked]");
        Map<String, Tensor> extra = new LinkedHashMap<>(read);
        extra.put("layer4.2.conv1.weight", Tensor.zeros(1));
        assertThatThrownBy(() -> m.loadStateDict(extra, true)).hasMessageContaining("unexpected keys [layer4.2.conv1.weight]");
    }

    private static void check(Map<String, Object> c) {
        String name = (String) c.get("model");
        Module m = create(c);
        List<ZooFill.Entry> expected = entries(c);
        List<String> got = new ArrayList<>(), want = new ArrayList<>();
        m.stateDict().forEach((k, t) -> got.add(k + " " + Arrays.toString(t.shape())));
        for (ZooFill.Entry e : expected) want.add(e.name() + " " + Arrays.toString(e.shape()));
        assertThat(got).as(name + ": state-dict keys and shapes, in order").containsExactlyElementsOf(want);
        assertThat(m.parameters().stream().mapToLong(Tensor::numel).sum()).as(name + ": parameters").isEqualTo(((Number) c.get("parameters")).longValue());

        m.loadStateDict(ZooFill.stateDict(expected), true);
        boolean train = c.get("mode").equals("train");
        m.train(train);
        m.apply(d -> { if (d instanceof Dropout) d.eval(); }); // as the fixtures: dropout off in both modes
        assertOutput(name + " (" + c.get("mode") + ")", m, c);
        if (train) {
            Map<String, Tensor> state = m.stateDict();
            map(c.get("buffers_after")).forEach((k, v) -> assertClose(name + ": " + k + " after the training pass", state.get(k), tensor(map(v))));
        }
    }

    private static Module create(Map<String, Object> c) {
        int[] input = ints(c.get("input"));
        return Models.create((String) c.get("model"), Arrays.copyOfRange(input, 1, input.length), integer(c, "classes"), new Generator(0));
    }

    /** The output on the fixtures' input, computed once (a training pass moves the running statistics). */
    private static void assertOutput(String what, Module m, Map<String, Object> c) {
        Tensor x = ZooFill.input(ints(c.get("input")));
        try (var s = GradMode.noGrad()) {
            if (c.containsKey("aux_outputs")) { // GoogLeNet in training: main and auxiliary logits
                GoogLeNet.Outputs out = ((GoogLeNet) m).callWithAux(x);
                assertClose(what + ": output", out.logits(), tensor(map(c.get("output"))));
                Map<String, Object> aux = map(c.get("aux_outputs"));
                assertClose(what + ": aux1", out.aux1(), tensor(map(aux.get("aux1"))));
                assertClose(what + ": aux2", out.aux2(), tensor(map(aux.get("aux2"))));
            } else {
                assertClose(what + ": output", m.call(x), tensor(map(c.get("output"))));
            }
        }
    }

    /** Same shape, and max |got - want| <= RTOL * max |want|. */
    private static void assertClose(String what, Tensor got, Tensor want) {
        assertThat(got.shape()).as(what + ": shape").containsExactly(want.shape());
        double[] g = got.toDoubleArray(), w = want.toDoubleArray();
        double diff = 0, scale = 0;
        for (int i = 0; i < w.length; i++) {
            diff = Math.max(diff, Math.abs(g[i] - w[i]));
            scale = Math.max(scale, Math.abs(w[i]));
        }
        System.out.printf("%s: max |difference| / max |torchvision| = %.2e%n", what, diff / scale); // the figure reports quote
        assertThat(diff).as("%s: max |difference| %.3g against max |torchvision| %.3g (relative %.3g)", what, diff, scale, diff / scale)
                .isLessThanOrEqualTo(RTOL * scale);
    }

    private static List<ZooFill.Entry> entries(Map<String, Object> c) {
        return ((List<?>) c.get("state")).stream().map(e -> {
            List<?> pair = (List<?>) e;
            return new ZooFill.Entry((String) pair.get(0), ints(pair.get(1)));
        }).toList();
    }

    private static Path dir() {
        try {
            return Path.of(ZooFixtureTest.class.getResource(DIR).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException(DIR + " is not on the test classpath", e);
        }
    }

    private static List<Path> caseFiles() {
        try (Stream<Path> s = Files.list(dir())) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> load(Path file) {
        try {
            return Fixtures.map(org.nabla.io.Json.parse(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The deterministic weights of the model-zoo fixtures, bit for bit as {@code make_zoo_fixtures.py} computes them
     * (its header states the formula): the k-th state-dict entry at flat index i is a function of a 32-bit hash of
     * (k, i), so neither the weights nor the input need to be stored.
     */
    static final class ZooFill {
        private ZooFill() {}

        /** The stream the input is drawn from (k = INPUT_STREAM - 1), apart from any state-dict entry. */
        static final int INPUT_STREAM = 1_000_000;

        /** One state-dict entry's name and shape, in the model's order. */
        record Entry(String name, int[] shape) {}

        /** The value in [0, 1) of stream k at flat index i. */
        static double uniform(long k, long i) {
            long h = (i * 0x9E3779B1L + (k + 1) * 0x85EBCA77L) & 0xFFFFFFFFL;
            h ^= h >>> 16;
            h = (h * 0x7FEB352DL) & 0xFFFFFFFFL;
            h ^= h >>> 15;
            h = (h * 0x846CA68BL) & 0xFFFFFFFFL;
            h ^= h >>> 16;
            return h / 4294967296.0;
        }

        /** The state dict of the fixtures for these entries: float32 values, num_batches_tracked int64 0. */
        static Map<String, Tensor> stateDict(List<Entry> entries) {
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (int k = 0; k < entries.size(); k++) {
                Entry e = entries.get(k);
                out.put(e.name(), e.name().endsWith("num_batches_tracked") ? Tensor.zeros(DType.INT64, e.shape()) : Tensor.of(values(k, e.name(), e.shape()), e.shape()));
            }
            return out;
        }

        /** The k-th entry's values: He-uniform weights, running_var and batch-norm scales around 1, small biases and means. */
        static float[] values(int k, String name, int[] shape) {
            long n = 1;
            for (int d : shape) n *= d;
            float[] v = new float[Math.toIntExact(n)];
            if (shape.length >= 2) {
                double bound = Math.sqrt(6.0 / (n / shape[0]));
                for (int i = 0; i < v.length; i++) v[i] = (float) ((2.0 * uniform(k, i) - 1.0) * bound);
            } else if (name.endsWith("running_var")) {
                for (int i = 0; i < v.length; i++) v[i] = (float) (0.5 + uniform(k, i));
            } else if (name.endsWith("weight")) {
                for (int i = 0; i < v.length; i++) v[i] = (float) (0.25 + 0.5 * uniform(k, i));
            } else {
                for (int i = 0; i < v.length; i++) v[i] = (float) (0.2 * (2.0 * uniform(k, i) - 1.0));
            }
            return v;
        }

        /** The fixtures' input of this shape (batch first): 2u - 1 from the input stream. */
        static Tensor input(int... shape) {
            long n = 1;
            for (int d : shape) n *= d;
            float[] v = new float[Math.toIntExact(n)];
            for (int i = 0; i < v.length; i++) v[i] = (float) (2.0 * uniform(INPUT_STREAM - 1, i) - 1.0);
            return Tensor.of(v, shape);
        }
    }
}
