package org.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nabla.io.Checkpoint;
import org.nabla.io.Json;
import org.nabla.tensor.Tensor;

/**
 * Transfer learning from the command line, on the bundled digits with the mlp (Flatten, 1.: Linear, ReLU, 3.:
 * Linear, ReLU, 5.: the head): --classes, --per-class, --init-from under a new head, --lr-for, --unfreeze-after.
 */
class TransferOptionsTest {
    @TempDir Path tmp;

    /** A short run on digits 0-4 to transfer from. */
    private Path pretrained() {
        Path base = tmp.resolve("base");
        Cli.Run r = Cli.run("train", "--classes", "0-4", "--epochs", "2", "--threads", "1", "--out", base.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        return base;
    }

    private static Map<String, Tensor> weights(Path run) { return Checkpoint.load(run.resolve("checkpoint/last")).model(); }

    @Test
    void classesAndPerClassKeepTheChosenClassesRelabelledAndTheirLabelBudget() throws IOException {
        Path out = tmp.resolve("fives");
        Cli.Run r = Cli.run("train", "--classes", "5-9", "--per-class", "20", "--epochs", "3", "--threads", "1", "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("on digits: 100 train / 1\\d\\d test samples of 1x8x8, 5 classes");
        Map<String, Object> summary = Json.parseObject(Files.readString(out.resolve("summary.json")));
        Map<?, ?> test = (Map<?, ?>) summary.get("test");
        assertThat(List.copyOf(((Map<?, ?>) test.get("per_class")).keySet())).isEqualTo(List.of("5", "6", "7", "8", "9"));
        assertThat(((Map<?, ?>) summary.get("config")).get("classes")).isEqualTo(List.of(5.0, 6.0, 7.0, 8.0, 9.0));
        assertThat(((Map<?, ?>) summary.get("config")).get("per_class")).isEqualTo(20.0);

        // eval rebuilds the same classes of the test split
        Cli.Run eval = Cli.run("eval", out.toString());
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        assertThat(eval.out()).contains(r.out().lines().filter(l -> l.startsWith("test: accuracy")).findFirst().orElseThrow());

        // another seed draws other samples of the same budget
        Cli.Run other = Cli.run("train", "--classes", "7,5", "--per-class", "3", "--epochs", "1", "--schedule", "none", "--seed", "3", "--threads", "1",
                "--out", tmp.resolve("two").toString());
        assertThat(other.exitCode()).as(other.err()).isZero();
        assertThat(other.out()).containsPattern("on digits: 6 train / \\d+ test samples of 1x8x8, 2 classes");
        assertThat(other.out()).containsPattern("(?m)^7 +\\d+ +\\d+$").containsPattern("(?m)^5 +\\d+ +\\d+$");
    }

    @Test
    void initFromUnderANewHeadLoadsTheBodyAndKeepsTheHeadFresh() {
        Path base = pretrained();
        Map<String, Tensor> start = weights(base);

        // another number of classes: the head's shapes differ, it stays fresh without being asked
        Path three = tmp.resolve("three");
        Cli.Run r = Cli.run("train", "--classes", "5-7", "--init-from", base.toString(), "--freeze", "1.", "--freeze", "3.", "--epochs", "2",
                "--threads", "1", "--out", three.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("--init-from " + base + ": loaded 4 tensors; kept fresh (2 of another shape there): 5.weight [3, 128], 5.bias [3]")
                .contains("frozen: 1., 3.");
        Map<String, Tensor> tuned = weights(three);
        for (String k : List.of("1.weight", "1.bias", "3.weight", "3.bias")) assertThat(tuned.get(k).toFloatArray()).as(k).isEqualTo(start.get(k).toFloatArray());
        assertThat(tuned.get("5.weight").shape()).containsExactly(3, 128);

        // the same number of classes: --new-head keeps the head fresh anyway (the seeded initial head of this run)
        Path five = tmp.resolve("five"), scratch = tmp.resolve("scratch");
        r = Cli.run("train", "--classes", "5-9", "--init-from", base.toString(), "--new-head", "5.", "--freeze", "1.", "--freeze", "3.", "--lr", "1e-9",
                "--schedule", "none", "--epochs", "1", "--threads", "1", "--out", five.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("--init-from " + base + ": loaded 4 tensors; kept fresh: 5.weight [5, 128], 5.bias [5]");
        assertThat(Cli.run("train", "--classes", "5-9", "--lr", "1e-9", "--schedule", "none", "--epochs", "1", "--threads", "1", "--out", scratch.toString())
                .exitCode()).isZero();
        float[] head = weights(five).get("5.weight").toFloatArray(), fresh = weights(scratch).get("5.weight").toFloatArray();
        for (int i = 0; i < head.length; i++) assertThat(head[i]).isCloseTo(fresh[i], org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(head).isNotEqualTo(start.get("5.weight").toFloatArray());
    }

    @Test
    void lrForMakesAGroupPerPrefixWithItsRate() {
        Path out = tmp.resolve("groups");
        Cli.Run r = Cli.run("train", "--lr-for", "5.=0.5", "--lr-for", "1.=0.001", "--schedule", "none", "--epochs", "1", "--threads", "1",
                "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("learning rates by parameter prefix: 5.=0.5, 1.=0.001 (the rest: 0.1)");
        Map<String, Double> meta = Checkpoint.load(out.resolve("checkpoint/last")).optimizer().metadata();
        assertThat(meta).containsEntry("param_groups", 3.0).containsEntry("group.0.lr", 0.1).containsEntry("group.1.lr", 0.5)
                .containsEntry("group.2.lr", 0.001).containsEntry("group.0.params", 2.0).containsEntry("group.1.params", 2.0);
    }

    @Test
    void unfreezeAfterThawsTheFrozenParametersAndResumesBitExactly() {
        Path base = pretrained();
        Map<String, Tensor> start = weights(base);
        Path whole = tmp.resolve("whole"), first = tmp.resolve("first"), rest = tmp.resolve("rest"), frozen = tmp.resolve("frozen");
        String[] common = {"train", "--classes", "5-9", "--init-from", base.toString(), "--new-head", "5.", "--freeze", "1.", "--unfreeze-after", "1",
                "--lr-for", "1.=0.01", "--schedule", "exponential", "--threads", "1"};
        Cli.Run r = Cli.run(with(common, "--epochs", "3", "--out", whole.toString()));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("frozen: 1., training from epoch 2");
        assertThat(weights(whole).get("1.weight").toFloatArray()).isNotEqualTo(start.get("1.weight").toFloatArray());

        // stopped after the thaw (epoch 2 of 2), then resumed to 3: the thawed parameters' optimizer state came along
        assertThat(Cli.run(with(common, "--epochs", "2", "--out", first.toString())).exitCode()).isZero();
        Cli.Run resumed = Cli.run("train", "--resume", first.toString(), "--epochs", "3", "--out", rest.toString());
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        Map<String, Tensor> a = weights(whole), b = weights(rest);
        for (String k : a.keySet()) assertThat(b.get(k).toFloatArray()).as(k).isEqualTo(a.get(k).toFloatArray());

        // without --unfreeze-after they stay as loaded
        Cli.Run still = Cli.run("train", "--classes", "5-9", "--init-from", base.toString(), "--new-head", "5.", "--freeze", "1.", "--epochs", "3",
                "--threads", "1", "--out", frozen.toString());
        assertThat(still.exitCode()).as(still.err()).isZero();
        assertThat(weights(frozen).get("1.weight").toFloatArray()).isEqualTo(start.get("1.weight").toFloatArray());
    }

    @Test
    void mistakesAreOneLineUsageErrors() {
        assertUsage(Cli.run("train", "--classes", "5-x"), "--classes takes class numbers and ranges such as 5-9 or 0,2,4, got '5-x'");
        assertUsage(Cli.run("train", "--classes", "9-5"), "--classes: the range 9-5 runs backwards (write 5-9)");
        assertUsage(Cli.run("train", "--classes", "1,2,1"), "--classes lists class 1 twice");
        assertUsage(Cli.run("train", "--classes", "3,12", "--out", tmp.resolve("a").toString()), "--classes: digits has no class 12 (its classes are 0-9)");
        assertUsage(Cli.run("train", "--per-class", "500", "--out", tmp.resolve("b").toString()), "--per-class 500: class 0 has only 143 training samples");
        assertUsage(Cli.run("train", "--per-class", "0"), "--per-class must be at least 1, got 0");
        assertUsage(Cli.run("train", "--per-class", "5", "--train-limit", "100"), "--per-class and --train-limit both choose the training samples: give one of them");
        assertUsage(Cli.run("train", "--unfreeze-after", "1"), "--unfreeze-after thaws the --freeze parameters: give --freeze PREFIX too");
        assertUsage(Cli.run("train", "--init-from", "x", "--freeze", "1.", "--unfreeze-after", "3", "--epochs", "3"),
                "--unfreeze-after 3 leaves no epoch to train the thawed parameters: it must be less than --epochs 3");
        assertUsage(Cli.run("train", "--lr-for", "5."), "--lr-for takes PREFIX=RATE (e.g. 11.=0.01), got '5.'");
        assertUsage(Cli.run("train", "--lr-for", "5.=fast"), "--lr-for 5.=fast: 'fast' is not a number");
        assertUsage(Cli.run("train", "--lr-for", "5.=-1"), "--lr-for 5.=-1: the rate must be a positive number");
        assertUsage(Cli.run("train", "--lr-for", "head.=0.1", "--out", tmp.resolve("c").toString()),
                "--lr-for: no parameter starts with the prefix 'head.'; the parameters: 1.weight, 1.bias, 3.weight, 3.bias, 5.weight, 5.bias");
        assertUsage(Cli.run("train", "--new-head", "5."), "--new-head keeps fresh weights among loaded ones: give --init-from RUN|FILE.safetensors too");
        assertUsage(Cli.run("train", "--init-from", "x", "--new-head", "5.", "--freeze", "5."), "--new-head 5. and --freeze 5. overlap: a new head must train");
        assertUsage(Cli.run("train", "charrnn", "--classes", "1-2"), "--classes does not apply to a language model (charrnn)");
    }

    @Test
    void freezingAHeadThatDidNotLoadIsRefused() {
        Path base = pretrained();
        assertUsage(Cli.run("train", "--classes", "5-7", "--init-from", base.toString(), "--freeze", "5.", "--out", tmp.resolve("x").toString()),
                "--freeze 5. would freeze fresh random weights: 5.weight, 5.bias did not load from --init-from (their shapes differ there)");
        assertUsage(Cli.run("train", "--init-from", base.toString(), "--new-head", "head.", "--out", tmp.resolve("y").toString()),
                "--new-head head.: no parameter of mlp starts with it; its parameters: 1.weight, 1.bias, 3.weight, 3.bias, 5.weight, 5.bias");
    }

    @Test
    void weightsOfAnotherModelAreOneLineBadInput() throws IOException {
        Path file = tmp.resolve("other.safetensors");
        org.nabla.io.SafeTensors.save(file, Map.of("features.weight", Tensor.zeros(3, 3)));
        Cli.Run r = Cli.run("train", "--init-from", file.toString(), "--out", tmp.resolve("x").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("nabla train: --init-from " + file + ": another model's weights: missing keys [1.weight, 1.bias, 3.weight, 3.bias, "
                + "5.weight, 5.bias], unexpected keys [features.weight]\n");
    }

    private static void assertUsage(Cli.Run r, String line) {
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("nabla train: " + line + " (see 'nabla train --help')\n");
    }

    private static String[] with(String[] a, String... more) {
        String[] out = java.util.Arrays.copyOf(a, a.length + more.length);
        System.arraycopy(more, 0, out, a.length, more.length);
        return out;
    }
}
