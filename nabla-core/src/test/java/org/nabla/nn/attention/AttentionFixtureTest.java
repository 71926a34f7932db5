package org.nabla.nn.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;
import static org.nabla.testing.Fixtures.assertTensor;
import static org.nabla.testing.Fixtures.integer;
import static org.nabla.testing.Fixtures.map;
import static org.nabla.testing.Fixtures.tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nabla.nn.LayerNorm;
import org.nabla.nn.Module;
import org.nabla.nn.Parameter;
import org.nabla.nn.functional.AttentionResult;
import org.nabla.nn.functional.F;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;
import org.nabla.testing.Fixtures;
import org.nabla.testing.Fixtures.Tolerance;

/**
 * Runs every case of {@code fixtures/attention.json} (written by {@code make_attention_fixtures.py} with PyTorch
 * 1.13, dropout 0): MultiheadAttention with key padding, causal, float and per-head masks; TransformerEncoderLayer
 * and TransformerDecoderLayer post- and pre-norm, sequence- and batch-first, relu and gelu; an encoder stack with a
 * final norm; scaled dot-product attention against PyTorch 2's formula; Bahdanau and Luong attention against their
 * formulas. Each loads PyTorch's parameters and compares the output (and weights), the inputs' gradients and every
 * parameter's gradient (float32; rtol 1e-4, atol 1e-5).
 */
class AttentionFixtureTest {
    private static final Tolerance TOLERANCE = Tolerance.float32(1e-4, 1e-5);

    @TestFactory
    Stream<DynamicTest> attentionMatchesPyTorch() {
        List<?> cases = (List<?>) Fixtures.load("/fixtures/attention.json").get("cases");
        assertThat(cases).hasSizeGreaterThanOrEqualTo(17);
        return cases.stream().map(Fixtures::map).map(c -> dynamicTest((String) c.get("name"), () -> run(c)));
    }

    private static void run(Map<String, Object> c) {
        String name = (String) c.get("name"), kind = (String) c.get("kind");
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        map(c.get("inputs")).forEach((k, v) -> inputs.put(k, tensor(map(v)).requiresGrad(true)));
        Module module = null;
        Tensor out, weights = null;
        switch (kind) {
            case "MultiheadAttention" -> {
                Map<String, Object> a = map(c.get("args"));
                var mha = new MultiheadAttention(integer(a, "embed_dim"), integer(a, "num_heads"), 0, (Boolean) a.get("bias"),
                        (Boolean) a.get("batch_first"), new Generator(1));
                module = load(mha, c);
                Tensor q = inputs.get("query"), k = inputs.getOrDefault("key", q), v = inputs.getOrDefault("value", k);
                AttentionResult r = mha.call(q, k, v, mask(c, "key_padding_mask"), true, mask(c, "attn_mask"));
                out = r.output();
                weights = r.weights();
            }
            case "TransformerEncoderLayer", "TransformerEncoder" -> {
                TransformerOptions o = options(map(c.get("args")));
                var layer = new TransformerEncoderLayer(o, new Generator(1));
                if (kind.equals("TransformerEncoderLayer")) {
                    module = load(layer, c);
                    out = layer.call(inputs.get("src"), mask(c, "src_mask"), mask(c, "key_padding_mask"));
                } else {
                    var stack = new TransformerEncoder(layer, integer(c, "num_layers"), (Boolean) c.get("final_norm") ? new LayerNorm(o.dModel()) : null);
                    module = load(stack, c);
                    out = stack.call(inputs.get("src"), mask(c, "src_mask"), mask(c, "key_padding_mask"));
                }
            }
            case "TransformerDecoderLayer" -> {
                var layer = new TransformerDecoderLayer(options(map(c.get("args"))), new Generator(1));
                module = load(layer, c);
                out = layer.call(inputs.get("tgt"), inputs.get("memory"), mask(c, "tgt_mask"), mask(c, "memory_mask"),
                        mask(c, "tgt_key_padding_mask"), mask(c, "memory_key_padding_mask"));
            }
            case "sdpa" -> {
                AttentionResult r = F.scaledDotProductAttentionWithWeights(inputs.get("q"), inputs.get("k"), inputs.get("v"), mask(c, "attn_mask"), 0,
                        (Boolean) c.get("is_causal"), null, new Generator(1));
                out = r.output();
                weights = r.weights();
                assertTensor(name + ": output of the plain function", F.scaledDotProductAttention(inputs.get("q"), inputs.get("k"), inputs.get("v"),
                        mask(c, "attn_mask"), 0, (Boolean) c.get("is_causal"), null), map(c.get("output")), TOLERANCE);
            }
            case "additive", "general", "dot" -> {
                Map<String, Object> a = map(c.get("args"));
                int q = integer(a, "query_dim"), k = integer(a, "key_dim");
                Module m = switch (kind) {
                    case "additive" -> new AdditiveAttention(q, k, integer(a, "hidden"), new Generator(1));
                    case "general" -> new MultiplicativeAttention(q, k, MultiplicativeAttention.Score.GENERAL, new Generator(1));
                    default -> new MultiplicativeAttention(q);
                };
                module = load(m, c);
                AlignedContext r = m instanceof AdditiveAttention add
                        ? add.call(inputs.get("query"), inputs.get("keys"), inputs.get("values"), mask(c, "padding_mask"))
                        : ((MultiplicativeAttention) m).call(inputs.get("query"), inputs.get("keys"), inputs.get("values"), mask(c, "padding_mask"));
                out = r.context();
                weights = r.weights();
            }
            default -> throw new IllegalArgumentException("unknown kind " + kind);
        }
        assertTensor(name + ": output", out, map(c.get("output")), TOLERANCE);
        if (c.get("weights") != null) assertTensor(name + ": weights", weights, map(c.get("weights")), TOLERANCE);
        Tensor loss = out.mul(tensor(map(c.get("upstream")))).sum();
        if (c.containsKey("upstream_weights")) loss = loss.add(weights.mul(tensor(map(c.get("upstream_weights")))).sum());
        loss.backward();
        map(c.get("grad_inputs")).forEach((k, g) -> assertTensor(name + ": gradient of " + k, inputs.get(k).grad(), map(g), TOLERANCE));
        if (module != null) {
            Map<String, Parameter> params = module.namedParameters();
            Map<String, Object> grads = map(c.get("grads"));
            assertThat(params.keySet()).as(name + ": parameters").containsExactlyElementsOf(grads.keySet());
            grads.forEach((k, g) -> assertTensor(name + ": gradient of " + k, params.get(k).grad(), map(g), TOLERANCE));
        }
    }

    private static <M extends Module> M load(M module, Map<String, Object> c) {
        Map<String, Tensor> state = new LinkedHashMap<>();
        map(c.get("state")).forEach((k, v) -> state.put(k, tensor(map(v))));
        module.loadStateDict(state, true);
        return module;
    }

    private static Tensor mask(Map<String, Object> c, String key) { return c.get(key) == null ? null : tensor(map(c.get(key))); }

    private static TransformerOptions options(Map<String, Object> a) {
        return TransformerOptions.of(integer(a, "d_model"), integer(a, "nhead")).withDimFeedforward(integer(a, "dim_feedforward"))
                .withDropout(((Number) a.get("dropout")).doubleValue()).withActivation((String) a.get("activation"))
                .withBatchFirst((Boolean) a.get("batch_first")).withNormFirst((Boolean) a.get("norm_first"));
    }
}
