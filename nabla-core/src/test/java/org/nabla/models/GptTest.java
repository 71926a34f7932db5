package org.nabla.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.nabla.testing.Fixtures.assertTensor;
import static org.nabla.testing.Fixtures.map;
import static org.nabla.testing.Fixtures.tensor;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nabla.io.SafeTensors;
import org.nabla.nn.Parameter;
import org.nabla.nn.functional.F;
import org.nabla.sequence.LanguageModel;
import org.nabla.tensor.DType;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;
import org.nabla.testing.Fixtures;
import org.nabla.testing.Fixtures.Tolerance;

/**
 * The GPT against PyTorch's TinyGPT (fixtures from make_attention_fixtures.py: a seeded small model's state dict in
 * safetensors, its logits, loss and gradients), and its LanguageModel stepping.
 */
class GptTest {
    private static final Tolerance TOLERANCE = Tolerance.float32(1e-4, 1e-5);

    private static Gpt pytorchModel() throws URISyntaxException {
        Gpt gpt = new Gpt(new Gpt.Config(11, 8, 16, 2, 2, 0), new Generator(1));
        Path file = Path.of(GptTest.class.getResource("/fixtures/gpt_torch.safetensors").toURI());
        gpt.loadStateDict(SafeTensors.load(file), true);
        return gpt;
    }

    @Test
    void pytorchStateDictGivesPyTorchsLogitsLossAndGradients() throws URISyntaxException {
        Map<String, Object> f = Fixtures.load("/fixtures/gpt_torch.json");
        Gpt gpt = pytorchModel();
        Tensor tokens = tensor(map(f.get("tokens")));
        Tensor logits = gpt.call(tokens);
        assertTensor("logits", logits, map(f.get("logits")), TOLERANCE);
        assertTensor("logits of 5 tokens", gpt.call(tokens.narrow(1, 0, 5)), map(f.get("short_logits")), TOLERANCE);
        Tensor loss = F.crossEntropy(logits.reshape(-1, 11), tensor(map(f.get("targets"))).reshape(-1));
        assertThat(loss.item()).isCloseTo(((Number) f.get("loss")).doubleValue(), within(1e-5));
        loss.backward();
        Map<String, Parameter> params = gpt.namedParameters();
        Map<String, Object> grads = map(f.get("grads"));
        assertThat(params.keySet()).containsExactlyElementsOf(grads.keySet());
        grads.forEach((k, g) -> assertTensor("gradient of " + k, params.get(k).grad(), map(g), TOLERANCE));
    }

    @Test
    void steppingInChunksGivesTheLogitsOfTheWholeSequence() throws URISyntaxException {
        Gpt gpt = pytorchModel();
        gpt.eval();
        Tensor tokens = Tensor.randint(new Generator(3), 0, 11, 2, 8);
        Tensor whole = gpt.call(tokens);
        LanguageModel.Output first = gpt.step(tokens.narrow(1, 0, 3), null);
        LanguageModel.Output rest = gpt.step(tokens.narrow(1, 3, 5), first.state());
        assertClose(first.logits(), whole.narrow(1, 0, 3));
        assertClose(rest.logits(), whole.narrow(1, 3, 5));
        assertThat(((Gpt.Context) rest.state()).tokens().toLongArray()).containsExactly(tokens.toLongArray());
        // Past the block the context is cropped to the last 8 tokens: one more token sees tokens 1..8.
        Tensor next = Tensor.randint(new Generator(4), 0, 11, 2, 1);
        LanguageModel.Output beyond = gpt.step(next, rest.state());
        Tensor window = Tensor.cat(java.util.List.of(tokens.narrow(1, 1, 7), next), 1);
        assertClose(beyond.logits(), gpt.call(window).narrow(1, 7, 1));
        // Rows of the state follow the beam's reordering; detach keeps it.
        var swapped = (Gpt.Context) rest.state().select(Tensor.of(new long[] {1, 1, 0}, 3));
        assertThat(swapped.tokens().select(0, 2).toLongArray()).containsExactly(tokens.select(0, 0).toLongArray());
        assertThat(rest.state().detach()).isSameAs(rest.state());
        assertThat(gpt.vocabSize()).isEqualTo(11);
    }

    @Test
    void badInputsAreNamed() throws URISyntaxException {
        Gpt gpt = pytorchModel();
        assertThatThrownBy(() -> gpt.call(Tensor.zeros(DType.INT64, 1, 9))).hasMessageContaining("does not fit the block of 8");
        assertThatThrownBy(() -> gpt.step(Tensor.zeros(DType.INT64, 1, 9), null)).hasMessageContaining("exceeds the block of 8");
        assertThatThrownBy(() -> gpt.call(Tensor.zeros(1, 3))).hasMessageContaining("integer tokens");
        assertThatThrownBy(() -> new Gpt.Config(65, 64, 130, 4, 4, 0)).hasMessageContaining("divisible by heads");
        var other = new org.nabla.sequence.SequenceState() {
            public org.nabla.sequence.SequenceState detach() { return this; }
            public org.nabla.sequence.SequenceState select(Tensor rows) { return this; }
        };
        assertThatThrownBy(() -> gpt.step(Tensor.zeros(DType.INT64, 1, 2), other)).hasMessageContaining("expected the state of a gpt");
    }

    private static void assertClose(Tensor actual, Tensor expected) {
        assertThat(actual.shape()).containsExactly(expected.shape());
        float[] a = actual.contiguous().toFloatArray(), e = expected.contiguous().toFloatArray();
        for (int i = 0; i < a.length; i++) assertThat(a[i]).as("element %d", i).isCloseTo(e[i], within(1e-4f));
    }
}
