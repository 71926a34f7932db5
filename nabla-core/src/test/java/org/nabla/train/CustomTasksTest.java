package org.nabla.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nabla.data.Batch;
import org.nabla.data.DataLoader;
import org.nabla.data.TensorDataset;
import org.nabla.io.Checkpoint;
import org.nabla.nn.Linear;
import org.nabla.nn.Module;
import org.nabla.nn.Parameter;
import org.nabla.nn.Sequential;
import org.nabla.nn.activation.Tanh;
import org.nabla.nn.loss.BCEWithLogitsLoss;
import org.nabla.optim.Adam;
import org.nabla.optim.Optimizer;
import org.nabla.optim.SGD;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/** Tasks written outside the library: two players with two optimizers, and an agent whose steps are not a dataset. */
class CustomTasksTest {
    /**
     * A one-dimensional GAN: the generator maps noise to a + b·z, the discriminator tells it from real samples. Each
     * step trains the discriminator with its optimizer, then the generator with its own; noise comes from the global
     * generator, which checkpoints carry, so a resumed run continues exactly.
     */
    static final class Gan implements Task {
        final Module generator, discriminator;
        final Optimizer gOpt, dOpt;
        final List<String> order = new ArrayList<>();
        private final BCEWithLogitsLoss bce = new BCEWithLogitsLoss();

        Gan(long seed) {
            Generator g = new Generator(seed);
            generator = new Linear(1, 1, true, g);
            discriminator = new Sequential(new Linear(1, 16, true, g), new Tanh(), new Linear(16, 1, true, g));
            gOpt = new Adam(generator.parameters(), Adam.Options.defaults().withLr(0.02).withBetas(0.5, 0.999));
            dOpt = new Adam(discriminator.parameters(), Adam.Options.defaults().withLr(0.02).withBetas(0.5, 0.999));
        }

        @Override public Map<String, Module> models() { return Map.of("generator", generator, "discriminator", discriminator); }

        @Override
        public Map<String, Optimizer> optimizers() {
            Map<String, Optimizer> m = new LinkedHashMap<>();
            m.put("generator", gOpt);
            m.put("discriminator", dOpt);
            return m;
        }

        @Override
        public StepResult trainStep(Batch batch, StepContext ctx) {
            Tensor real = batch.x();
            int n = real.size(0);
            Tensor ones = Tensor.ones(n, 1), zeros = Tensor.zeros(n, 1);

            dOpt.zeroGrad();
            Tensor fake = generator.call(Tensor.randn(n, 1)).detach();
            Tensor dLoss = bce(discriminator.call(real), ones).add(bce(discriminator.call(fake), zeros));
            ctx.checkLoss(dLoss.item(), discriminator, null);
            dLoss.backward();
            ctx.transformGradients(named("discriminator", discriminator));
            dOpt.step();
            order.add("discriminator");

            gOpt.zeroGrad();
            Tensor gLoss = bce(discriminator.call(generator.call(Tensor.randn(n, 1))), ones);
            ctx.checkLoss(gLoss.item(), generator, null);
            gLoss.backward();
            ctx.transformGradients(named("generator", generator));
            gOpt.step();
            order.add("generator");
            return StepResult.of(gLoss.item() * n, n, n);
        }

        private Tensor bce(Tensor logits, Tensor target) { return bce.call(logits, target); }

        private static Map<String, Parameter> named(String prefix, Module m) {
            Map<String, Parameter> out = new LinkedHashMap<>();
            m.namedParameters().forEach((k, p) -> out.put(prefix + "." + k, p));
            return out;
        }

        /** The mean of many generated samples. */
        double generatedMean() {
            return generator.call(Tensor.randn(new Generator(99), 4000, 1)).mean().item();
        }
    }

    /** 256 real samples of N(3, 0.5^2). */
    private static DataLoader realData(long shuffleSeed) {
        Tensor real = Tensor.randn(new Generator(5), 256, 1).mul(0.5).add(3);
        return DataLoader.builder(new TensorDataset(List.of(real), List.of())).batchSize(32).shuffle(shuffleSeed).build();
    }

    @Test
    void aGanTrainsTwoPlayersWithTwoOptimizersInTurn() {
        Generator.manualSeed(1);
        Gan gan = new Gan(2);
        double before = gan.generatedMean();
        Trainer t = Trainer.builder(gan).train(realData(3)).build();
        List<Map<String, Double>> logs = t.fit(40);
        assertThat(t.step()).isEqualTo(40L * 8);
        assertThat(gan.order).hasSize(2 * 40 * 8);
        for (int i = 0; i < gan.order.size(); i++) assertThat(gan.order.get(i)).isEqualTo(i % 2 == 0 ? "discriminator" : "generator");
        // Each optimizer stepped once per step (Adam counts its steps per parameter).
        Tensor gWeight = gan.generator.parameters().getFirst(), dWeight = gan.discriminator.parameters().getFirst();
        assertThat(gan.gOpt.state(gWeight).numbers().get("step")).isEqualTo(320.0);
        assertThat(gan.dOpt.state(dWeight).numbers().get("step")).isEqualTo(320.0);
        assertThat(logs.getLast()).containsKeys("train_loss", "lr", "samples_per_s");
        assertThat(Math.abs(gan.generatedMean() - 3)).as("the generator's mean moved from %s towards 3", before).isLessThan(0.5);
        assertThat(Math.abs(before - 3)).isGreaterThan(2);
    }

    @Test
    void aGanResumesBitIdenticallyWithBothOptimizers(@TempDir Path dir) {
        Generator.manualSeed(7);
        Gan full = new Gan(8);
        Trainer.builder(full).train(realData(3)).build().fit(3);

        Generator.manualSeed(7);
        Gan first = new Gan(8);
        Trainer a = Trainer.builder(first).train(realData(3)).build();
        a.fit(1);
        a.checkpoint().save(dir);
        Checkpoint saved = Checkpoint.load(dir);
        assertThat(saved.model()).containsKeys("generator.weight", "discriminator.0.weight");
        assertThat(saved.optimizerName()).isEqualTo("Adam+Adam");

        Generator.manualSeed(12345);
        Gan resumed = new Gan(100);
        Trainer b = Trainer.builder(resumed).train(realData(3)).build();
        b.resume(saved);
        b.fit(3);
        for (String name : List.of("generator", "discriminator")) {
            Map<String, Tensor> want = full.models().get(name).stateDict(), got = resumed.models().get(name).stateDict();
            want.forEach((k, t) -> assertThat(got.get(k).toFloatArray()).as(name + "." + k).containsExactly(t.toFloatArray()));
        }
    }

    /**
     * A two-armed bandit learnt by REINFORCE: the policy is the softmax of two logits, arm 1 pays 1 and arm 0 pays 0
     * (plus noise); each step samples an arm from the policy, so the steps come from the agent, not from a dataset.
     */
    static final class Bandit implements Task {
        final Module policy = new Linear(1, 2, true, new Generator(3));
        final Optimizer opt = new SGD(policy.parameters(), 0.5);
        private final Generator env = new Generator(4);
        private double baseline;
        int pulls;

        @Override public Map<String, Module> models() { return Map.of("policy", policy); }

        @Override public Map<String, Optimizer> optimizers() { return Map.of("sgd", opt); }

        double probabilityOfArm1() { return policy.call(Tensor.ones(1, 1)).softmax(1).select(1, 1).item(); }

        @Override
        public StepResult trainStep(Batch batch, StepContext ctx) {
            assertThat(batch).isSameAs(Batch.EMPTY);
            opt.zeroGrad();
            Tensor logp = policy.call(Tensor.ones(1, 1)).logSoftmax(1);
            int arm = env.nextDouble() < Math.exp(logp.select(1, 1).item()) ? 1 : 0;
            double reward = arm + 0.1 * env.nextGaussian();
            Tensor loss = logp.select(1, arm).mul(-(reward - baseline)).sum();
            baseline = 0.9 * baseline + 0.1 * reward;
            ctx.checkLoss(loss.item(), policy, null);
            loss.backward();
            ctx.transformGradients(policy.namedParameters());
            opt.step();
            pulls++;
            return StepResult.of(loss.item(), 1, 1);
        }
    }

    @Test
    void anAgentRunsItsOwnStepsPerEpoch() {
        Bandit agent = new Bandit();
        double before = agent.probabilityOfArm1();
        Trainer t = Trainer.builder(agent).stepsPerEpoch(50).build();
        List<Map<String, Double>> logs = t.fit(4);
        assertThat(logs).hasSize(4);
        assertThat(agent.pulls).isEqualTo(200);
        assertThat(t.step()).isEqualTo(200);
        assertThat(logs.getLast().get("samples_per_s")).isPositive();
        assertThat(agent.probabilityOfArm1()).as("from %s", before).isGreaterThan(0.9);
    }
}
