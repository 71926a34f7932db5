package org.nabla.optim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nabla.nn.Linear;
import org.nabla.nn.Module;
import org.nabla.nn.Sequential;
import org.nabla.nn.Submodule;
import org.nabla.nn.activation.Sigmoid;
import org.nabla.nn.activation.Tanh;
import org.nabla.nn.loss.Loss;
import org.nabla.nn.loss.MSELoss;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/** The course's first non-linear problem: a 2-8-1 tanh MLP learns XOR from a fixed seed, and does so reproducibly. */
class XorTrainingTest {

    static final class Mlp extends Module {
        final Submodule<Module> hidden, out;

        Mlp(Generator gen) {
            hidden = registerModule("hidden", new Linear(2, 8, true, gen));
            out = registerModule("out", new Linear(8, 1, true, gen));
        }

        @Override
        public Tensor forward(Tensor x) { return out.get().call(hidden.get().call(x).tanh()).sigmoid(); }
    }

    private static float[] train(long seed) {
        Tensor x = Tensor.of(new float[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
        Tensor y = Tensor.of(new float[] {0, 1, 1, 0}, 4, 1);
        Mlp model = new Mlp(new Generator(seed));
        Optimizer opt = new SGD(model.parameters(), SGD.Options.defaults().withLr(0.5).withMomentum(0.9));
        for (int step = 0; step < 500; step++) {
            opt.zeroGrad();
            Tensor loss = model.call(x).sub(y).square().mean();
            loss.backward();
            opt.step();
        }
        return model.call(x).toFloatArray();
    }

    @Test
    void anMlpLearnsXorFromAFixedSeed() {
        float[] p = train(7);
        assertThat(p[0]).isLessThan(0.1f);
        assertThat(p[1]).isGreaterThan(0.9f);
        assertThat(p[2]).isGreaterThan(0.9f);
        assertThat(p[3]).isLessThan(0.1f);
        assertThat(train(7)).containsExactly(p);
    }

    /** The README's training example, verbatim between the markers. */
    @Test
    void theReadmeTrainingLoopLearnsXor() {
        Generator.manualSeed(7);
        Tensor x = Tensor.of(new float[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
        Tensor y = Tensor.of(new float[] {0, 1, 1, 0}, 4, 1);
        // README start
        Sequential model = new Sequential(new Linear(2, 8), new Tanh(), new Linear(8, 1), new Sigmoid());
        Optimizer opt = new SGD(model.parameters(), SGD.Options.defaults().withLr(0.5).withMomentum(0.9));
        Loss loss = new MSELoss();
        for (int step = 0; step < 500; step++) {
            opt.zeroGrad();
            loss.call(model.call(x), y).backward();
            opt.step();
        }
        // README end
        float[] p = model.call(x).toFloatArray();
        assertThat(p[0]).isLessThan(0.1f);
        assertThat(p[1]).isGreaterThan(0.9f);
        assertThat(p[2]).isGreaterThan(0.9f);
        assertThat(p[3]).isLessThan(0.1f);
    }
}
