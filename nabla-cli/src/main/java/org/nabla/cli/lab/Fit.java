package org.nabla.cli.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.nabla.autograd.GradMode;
import org.nabla.nn.Module;
import org.nabla.nn.loss.CrossEntropyLoss;
import org.nabla.nn.loss.Loss;
import org.nabla.optim.Optimizer;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * The labs' training loop over tensors: seeded shuffled mini-batches, the loss of every step, and train and test
 * loss and accuracy after every epoch. A NaN or infinite loss ends the run (the curve then stops there, "diverged").
 */
final class Fit {
    private Fit() {}

    /** What one training run gave; per-epoch lists have one entry per finished epoch. */
    record Curve(List<Double> stepLoss, List<Double> trainLoss, List<Double> trainAccuracy, List<Double> testLoss, List<Double> testAccuracy,
                 boolean diverged) {
        double lastTestAccuracy() { return testAccuracy.isEmpty() ? Double.NaN : testAccuracy.getLast(); }
        double lastTrainAccuracy() { return trainAccuracy.isEmpty() ? Double.NaN : trainAccuracy.getLast(); }
        double lastTrainLoss() { return diverged || trainLoss.isEmpty() ? Double.NaN : trainLoss.getLast(); }
        double lastTestLoss() { return diverged || testLoss.isEmpty() ? Double.NaN : testLoss.getLast(); }

        double[] steps() { return stepLoss.stream().mapToDouble(Double::doubleValue).toArray(); }
    }

    /** How to train: epochs, batch size, the loss, an optional batch transform (augmentation), a stop rule per epoch. */
    record Plan(int epochs, int batch, Loss loss, UnaryOperator<Tensor> augment, java.util.function.Predicate<Curve> stop) {
        static Plan of(int epochs, int batch) { return new Plan(epochs, batch, new CrossEntropyLoss(), null, null); }

        Plan withLoss(Loss l) { return new Plan(epochs, batch, l, augment, stop); }

        Plan withAugment(UnaryOperator<Tensor> a) { return new Plan(epochs, batch, loss, a, stop); }

        /** Stops after an epoch where {@code s} holds for the curve so far. */
        Plan withStop(java.util.function.Predicate<Curve> s) { return new Plan(epochs, batch, loss, augment, s); }
    }

    /** Trains {@code model} with {@code opt} on {@code train}; evaluates on {@code test} (may be null) after each epoch. */
    static Curve train(Module model, Optimizer opt, LabData.Split train, LabData.Split test, Plan plan, long seed) {
        Generator g = new Generator(seed);
        List<Double> steps = new ArrayList<>(), trainLoss = new ArrayList<>(), trainAcc = new ArrayList<>(), testLoss = new ArrayList<>(),
                testAcc = new ArrayList<>();
        int n = train.size();
        for (int epoch = 0; epoch < plan.epochs(); epoch++) {
            model.train();
            int[] order = org.nabla.data.Splits.random(n, new double[] {1}, g)[0];
            for (int from = 0; from < n; from += plan.batch()) {
                int[] rows = java.util.Arrays.copyOfRange(order, from, Math.min(n, from + plan.batch()));
                LabData.Split b = train.rows(rows);
                Tensor x = plan.augment() == null ? b.x() : plan.augment().apply(b.x());
                opt.zeroGrad();
                Tensor loss = plan.loss().call(model.call(x), target(plan.loss(), b.y()));
                double v = loss.item();
                steps.add(v);
                if (!Double.isFinite(v)) return new Curve(steps, trainLoss, trainAcc, testLoss, testAcc, true);
                loss.backward();
                opt.step();
            }
            double[] tr = evaluate(model, train, plan.loss());
            trainLoss.add(tr[0]);
            trainAcc.add(tr[1]);
            if (test != null) {
                double[] te = evaluate(model, test, plan.loss());
                testLoss.add(te[0]);
                testAcc.add(te[1]);
            }
            Curve so = new Curve(steps, trainLoss, trainAcc, testLoss, testAcc, false);
            if (!Double.isFinite(tr[0])) return new Curve(steps, trainLoss, trainAcc, testLoss, testAcc, true);
            if (plan.stop() != null && plan.stop().test(so)) break;
        }
        return new Curve(steps, trainLoss, trainAcc, testLoss, testAcc, false);
    }

    /** A loss on logits [N, 1] (binary: BCE, focal) takes float targets [N, 1]; class losses take the labels. */
    static Tensor target(Loss loss, Tensor y) {
        return loss instanceof org.nabla.nn.loss.BCEWithLogitsLoss || loss instanceof org.nabla.nn.loss.FocalLoss
                ? y.to(org.nabla.tensor.DType.FLOAT32).reshape(-1, 1) : y;
    }

    /** {mean loss, accuracy} of {@code model} on {@code s}, in eval mode, in chunks of 1,000. */
    static double[] evaluate(Module model, LabData.Split s, Loss loss) {
        boolean was = model.isTraining();
        model.eval();
        double lossSum = 0, right = 0;
        try (var ng = GradMode.noGrad()) {
            for (int from = 0; from < s.size(); from += 1000) {
                int len = Math.min(1000, s.size() - from);
                Tensor x = s.x().narrow(0, from, len), y = s.y().narrow(0, from, len);
                Tensor out = model.call(x);
                lossSum += loss.call(out, target(loss, y)).item() * len;
                right += predictions(out).eq(y).sum().item();
            }
        } finally {
            model.train(was);
        }
        return new double[] {lossSum / s.size(), right / s.size()};
    }

    /** The predicted classes of logits: argmax, or logit > 0 for a single output. */
    static Tensor predictions(Tensor logits) {
        return logits.size(1) == 1 ? logits.reshape(-1).gt(0).to(org.nabla.tensor.DType.INT64) : logits.argmax(1, false);
    }

    /** The mean of every {@code k} consecutive values (a smoothed step curve). */
    static double[] every(List<Double> v, int k) {
        int m = Math.max(1, v.size() / k);
        double[] out = new double[m];
        for (int i = 0; i < m; i++) {
            double s = 0;
            int c = 0;
            for (int j = i * k; j < Math.min(v.size(), (i + 1) * k); j++) { s += v.get(j); c++; }
            out[i] = s / c;
        }
        return out;
    }
}
