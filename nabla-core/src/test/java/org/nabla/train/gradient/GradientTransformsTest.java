package org.nabla.train.gradient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;
import static org.nabla.testing.Fixtures.map;
import static org.nabla.testing.Fixtures.num;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nabla.data.DataLoader;
import org.nabla.data.TensorDataset;
import org.nabla.nn.Linear;
import org.nabla.nn.Module;
import org.nabla.nn.Sequential;
import org.nabla.nn.activation.Tanh;
import org.nabla.optim.SGD;
import org.nabla.tensor.DType;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;
import org.nabla.testing.Fixtures;
import org.nabla.train.Callback;
import org.nabla.train.NonFiniteException;
import org.nabla.train.TrainContext;
import org.nabla.train.Trainer;

/** The gradient chain between backward and the optimizer's step, through the Trainer; clipping against PyTorch ({@code train.json}). */
class GradientTransformsTest {
    private static final Map<String, Object> FIXTURE = Fixtures.load("/fixtures/train.json");
    private static final Fixtures.Tolerance TOL = Fixtures.Tolerance.float32(1e-5, 1e-7);

    /** The fixture's model with its initial weights. */
    private static Module fixtureModel() {
        Module m = new Sequential(new Linear(4, 3, true, new Generator(0)), new Tanh(), new Linear(3, 2, true, new Generator(0)));
        Map<String, Tensor> init = new LinkedHashMap<>();
        map(FIXTURE.get("init")).forEach((k, v) -> init.put(k, Fixtures.tensor(map(v))));
        m.loadStateDict(init, true);
        return m;
    }

    /** One step on the fixture's batch with {@code clip} in the chain; returns the gradients the optimizer saw and the logs. */
    private static Map<String, Object> step(Module m, GradientTransform clip) {
        Map<String, Tensor> grads = new LinkedHashMap<>();
        Map<String, Double> logs = new LinkedHashMap<>();
        TensorDataset data = new TensorDataset(Fixtures.tensor(map(FIXTURE.get("x"))), Fixtures.tensor(map(FIXTURE.get("y"))));
        Trainer.builder(m, new SGD(m.parameters(), num(FIXTURE, "lr"))).train(DataLoader.builder(data).batchSize(5).build())
                .gradientTransform(clip)
                .gradientTransform(g -> g.parameters().forEach((k, p) -> grads.put(k, p.grad().detach().copy())))
                .callback(new Callback() {
                    @Override public void onBatchEnd(TrainContext ctx) { logs.putAll(ctx.logs()); }
                })
                .build().fit(1);
        return Map.of("grads", grads, "logs", logs);
    }

    @SuppressWarnings("unchecked")
    private static void assertMatches(Map<String, Object> c, Module m, Map<String, Object> got) {
        Map<String, Tensor> grads = (Map<String, Tensor>) got.get("grads");
        map(c.get("grads")).forEach((k, v) -> Fixtures.assertTensor(c.get("name") + " grad " + k, grads.get(k), map(v), TOL));
        map(c.get("params")).forEach((k, v) -> Fixtures.assertTensor(c.get("name") + " param " + k, m.namedParameters().get(k), map(v), TOL));
    }

    @TestFactory
    Stream<DynamicTest> clipGradNormInTheChainMatchesTorch() {
        return Fixtures.cases(FIXTURE, "norm").map(c -> dynamicTest((String) c.get("name"), () -> {
            double p = c.get("norm_type") instanceof Number n ? n.doubleValue() : Double.POSITIVE_INFINITY;
            Module m = fixtureModel();
            Map<String, Object> got = step(m, new ClipGradNorm(num(c, "max_norm"), p));
            @SuppressWarnings("unchecked") Map<String, Double> logs = (Map<String, Double>) got.get("logs");
            assertThat(logs.get(ClipGradNorm.LOG_KEY)).isCloseTo(num(c, "total_norm"), within(1e-6 * num(c, "total_norm")));
            assertMatches(c, m, got);
        }));
    }

    @TestFactory
    Stream<DynamicTest> clipGradValueInTheChainMatchesTorch() {
        return Fixtures.cases(FIXTURE, "value").map(c -> dynamicTest((String) c.get("name"), () -> {
            Module m = fixtureModel();
            assertMatches(c, m, step(m, new ClipGradValue(num(c, "clip_value"))));
        }));
    }

    @Test
    void chainRunsInOrderAndCanBeExtended() {
        List<String> ran = new ArrayList<>();
        GradientTransform a = g -> ran.add("a"), b = g -> ran.add("b"), c = g -> ran.add("c");
        GradientChain chain = new GradientChain(a).add(b).addFirst(c);
        chain.apply(context(Map.of()));
        assertThat(ran).containsExactly("c", "a", "b");
        chain.replace(a, g -> ran.add("a2"));
        assertThat(chain.remove(b)).isTrue();
        assertThat(chain.remove(b)).isFalse();
        ran.clear();
        chain.apply(context(Map.of()));
        assertThat(ran).containsExactly("c", "a2");
        assertThatThrownBy(() -> chain.replace(b, a)).hasMessageContaining("is not in the chain");
        assertThatThrownBy(() -> chain.add(null)).hasMessage("GradientChain: a transform must not be null");
    }

    @Test
    void aTrainerStartsWithTheAllReduceSlotAndTheGuard() {
        Module m = fixtureModel();
        GradientAllReduce twoWorkers = new HalvingAllReduce();
        ClipGradNorm clip = new ClipGradNorm(1);
        Trainer t = Trainer.builder(m, new SGD(m.parameters(), 0.1)).train(loader()).allReduce(twoWorkers).gradientTransform(clip).build();
        List<GradientTransform> chain = t.gradients().transforms();
        assertThat(chain).hasSize(3);
        assertThat(chain.get(0)).isSameAs(twoWorkers);
        assertThat(chain.get(1)).isInstanceOf(NonFiniteGuard.class);
        assertThat(chain.get(2)).isSameAs(clip);
        assertThat(Trainer.builder(m, new SGD(m.parameters(), 0.1)).train(loader()).build().gradients().transforms().getFirst())
                .isInstanceOf(LocalAllReduce.class);
    }

    /** A stand-in for a second worker whose gradients are all zero: the mean halves each gradient. */
    private static final class HalvingAllReduce implements GradientAllReduce {
        @Override public int worldSize() { return 2; }

        @Override public void allReduceMean(List<Tensor> gradients) { for (Tensor g : gradients) g.mulInPlace(0.5); }
    }

    @Test
    void allReduceRunsBeforeTheOptimizerSeesTheGradients() {
        Module local = fixtureModel(), halved = fixtureModel();
        Map<String, Object> a = step(local, new LocalAllReduce()), b = step(halved, new HalvingAllReduce());
        @SuppressWarnings("unchecked") Map<String, Tensor> ga = (Map<String, Tensor>) a.get("grads"), gb = (Map<String, Tensor>) b.get("grads");
        ga.forEach((k, g) -> assertThat(gb.get(k).toFloatArray()).containsExactly(g.mul(0.5).toFloatArray()));
        assertThat(new LocalAllReduce().worldSize()).isEqualTo(1);
    }

    private static DataLoader loader() {
        return DataLoader.builder(new TensorDataset(Fixtures.tensor(map(FIXTURE.get("x"))), Fixtures.tensor(map(FIXTURE.get("y"))))).batchSize(5).build();
    }

    private static GradientContext context(Map<String, Tensor> params) { return new GradientContext(1, 1, 1, params, new LinkedHashMap<>()); }

    private static GradientContext context(long step, Map<String, Tensor> params, Map<String, Double> logs) {
        return new GradientContext(1, (int) step, step, params, logs);
    }

    private static Tensor withGrad(double[] grad, int... shape) {
        Tensor p = Tensor.zeros(DType.FLOAT64, shape).requiresGrad(true);
        p.setGrad(Tensor.of(grad, shape));
        return p;
    }

    @Test
    void gradientNoiseIsAnnealedSeededAndTheSameForAStepWhateverCameBefore() {
        GradientNoise noise = new GradientNoise(0.3, 0.55, 7);
        assertThat(noise.sigma(0)).isCloseTo(Math.sqrt(0.3), within(1e-15));
        assertThat(noise.sigma(99)).isCloseTo(Math.sqrt(0.3 / Math.pow(100, 0.55)), within(1e-15));
        int n = 20000;
        Tensor p = withGrad(new double[n], n);
        Map<String, Double> logs = new LinkedHashMap<>();
        noise.apply(context(100, Map.of("w", p), logs));
        double sigma = noise.sigma(99);
        assertThat(logs.get(GradientNoise.LOG_KEY)).isEqualTo(sigma);
        double[] g = p.grad().toDoubleArray();
        double mean = 0, sq = 0;
        for (double v : g) {
            mean += v;
            sq += v * v;
        }
        mean /= n;
        assertThat(mean).isCloseTo(0, within(4 * sigma / Math.sqrt(n)));
        assertThat(Math.sqrt(sq / n - mean * mean)).isCloseTo(sigma, within(0.03 * sigma));
        // Step 100's noise again, after other steps drew theirs: the same values (a resumed run draws the same).
        Tensor q = withGrad(new double[n], n);
        noise.apply(context(3, Map.of("w", q), new LinkedHashMap<>()));
        q.setGrad(Tensor.zeros(DType.FLOAT64, n));
        noise.apply(context(100, Map.of("w", q), new LinkedHashMap<>()));
        assertThat(q.grad().toDoubleArray()).containsExactly(g);
        assertThat(new GradientNoise(0.3, 0.55, 8).sigma(0)).isEqualTo(noise.sigma(0));
        Tensor r = withGrad(new double[n], n);
        new GradientNoise(0.3, 0.55, 8).apply(context(100, Map.of("w", r), new LinkedHashMap<>()));
        assertThat(r.grad().toDoubleArray()).as("another seed").isNotEqualTo(g);
        assertThatThrownBy(() -> new GradientNoise(-1, 7)).hasMessage("GradientNoise: eta must be a non-negative number, got -1.0");
    }

    @Test
    void statisticsAreLoggedPerParameterEveryNSteps() {
        Tensor w = withGrad(new double[] {3, -4, 0, 0}, 2, 2), b = withGrad(new double[] {-1, 0.5}, 2);
        Tensor none = Tensor.zeros(3).requiresGrad(true);
        Map<String, Tensor> params = new LinkedHashMap<>();
        params.put("fc.weight", w);
        params.put("fc.bias", b);
        params.put("frozen", none);
        GradientStats stats = new GradientStats(3);
        Map<String, Double> logs = new LinkedHashMap<>();
        stats.apply(context(1, params, logs));
        assertThat(logs).containsEntry("grad/fc.weight/norm", 5.0).containsEntry("grad/fc.weight/mean_abs", 7 / 4.0)
                .containsEntry("grad/fc.weight/max_abs", 4.0).containsEntry("grad/fc.weight/zero_fraction", 0.5)
                .containsEntry("grad/fc.bias/max_abs", 1.0).containsEntry("grad/fc.bias/zero_fraction", 0.0).hasSize(8);
        assertThat(stats.last().get("fc.bias")).isEqualTo(new GradientStats.Stats(Math.sqrt(1.25), 0.75, 1.0, 0.0));
        for (long step = 2; step <= 3; step++) {
            Map<String, Double> quiet = new LinkedHashMap<>();
            stats.apply(context(step, params, quiet));
            assertThat(quiet).as("step %d", step).isEmpty();
        }
        Map<String, Double> fourth = new LinkedHashMap<>();
        stats.apply(context(4, params, fourth));
        assertThat(fourth).hasSize(8);
    }

    @Test
    void statisticsReachTheCallbacksLogsThroughTheTrainer() {
        Module m = fixtureModel();
        List<Long> stepsWithStats = new ArrayList<>();
        TensorDataset data = new TensorDataset(Fixtures.tensor(map(FIXTURE.get("x"))), Fixtures.tensor(map(FIXTURE.get("y"))));
        Trainer.builder(m, new SGD(m.parameters(), 0.1)).train(DataLoader.builder(data).batchSize(1).build())
                .callback(new Callback() {
                    @Override public void onTrainBegin(TrainContext ctx) { ctx.trainer().gradients().add(new GradientStats(2)); }

                    @Override public void onBatchEnd(TrainContext ctx) {
                        if (ctx.logs().containsKey("grad/2.weight/norm")) stepsWithStats.add(ctx.step());
                        assertThat(ctx.logs()).containsKey("loss");
                    }
                }).build().fit(2);
        assertThat(stepsWithStats).containsExactly(1L, 3L, 5L, 7L, 9L);
    }

    @Test
    void theGuardNamesTheStepTheParameterAndItsLayer() {
        Tensor ok = withGrad(new double[] {1, 2}, 2), bad = withGrad(new double[] {0, Double.NaN, 3}, 3);
        Map<String, Tensor> params = new LinkedHashMap<>();
        params.put("encoder.0.weight", ok);
        params.put("encoder.2.bias", bad);
        assertThatThrownBy(() -> new NonFiniteGuard().apply(new GradientContext(4, 17, 250, params, new LinkedHashMap<>())))
                .isInstanceOf(NonFiniteException.class)
                .hasMessageStartingWith("Training diverged at epoch 4, batch 17 (step 250): the gradient of 'encoder.2.bias' (layer 'encoder.2') contains NaN")
                .satisfies(e -> assertThat(((NonFiniteException) e).layer()).isEqualTo("encoder.2"));
        // Finite gradients whose sum overflows pass.
        Tensor big = withGrad(new double[] {Double.MAX_VALUE, Double.MAX_VALUE}, 2);
        new NonFiniteGuard().apply(context(Map.of("w", big)));
    }
}
