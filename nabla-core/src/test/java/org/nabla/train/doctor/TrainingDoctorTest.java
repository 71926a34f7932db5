package org.nabla.train.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nabla.data.ArrayDataset;
import org.nabla.data.DataLoader;
import org.nabla.data.Digits;
import org.nabla.nn.Linear;
import org.nabla.nn.Module;
import org.nabla.nn.Sequential;
import org.nabla.nn.activation.ReLU;
import org.nabla.nn.activation.Sigmoid;
import org.nabla.nn.init.Init;
import org.nabla.optim.SGD;
import org.nabla.tensor.Generator;
import org.nabla.train.NonFiniteException;
import org.nabla.train.Trainer;

/** Deliberately broken runs on the bundled digits (8x8, 1,797 samples): the doctor names each cause, and stays silent on a sound run. */
class TrainingDoctorTest {
    /** The digits centred, shuffled once: the first {@code train} for training, the next 400 for validation. */
    private static ArrayDataset[] digits(int train) {
        Digits d = Digits.load();
        float[] x = d.features().toFloatArray();
        long[] y = d.labels().toLongArray();
        for (int i = 0; i < x.length; i++) x[i] -= 0.3f; // pixels come in [0, 1]
        int[] order = org.nabla.data.Splits.random(y.length, new double[] {1}, new Generator(3))[0];
        float[] tx = new float[train * 64], vx = new float[400 * 64];
        long[] ty = new long[train], vy = new long[400];
        for (int i = 0; i < train + 400; i++) {
            int j = order[i];
            if (i < train) { System.arraycopy(x, j * 64, tx, i * 64, 64); ty[i] = y[j]; }
            else { System.arraycopy(x, j * 64, vx, (i - train) * 64, 64); vy[i - train] = y[j]; }
        }
        return new ArrayDataset[] {ArrayDataset.ofFloats("train", tx, ty, 64), ArrayDataset.ofFloats("val", vx, vy, 64)};
    }

    /** {@code depth} Linear layers of {@code width} with {@code activation} between them, 64 in, 10 out. */
    private static Sequential mlp(int depth, int width, java.util.function.Supplier<Module> activation, Generator g) {
        List<Module> layers = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            layers.add(new Linear(i == 0 ? 64 : width, i == depth - 1 ? 10 : width, true, g));
            if (i < depth - 1) layers.add(activation.get());
        }
        return new Sequential(layers.toArray(Module[]::new));
    }

    /** Trains {@code model} with SGD (momentum 0.9) at {@code lr} on {@code train} digits for {@code epochs}; returns the diagnosis. */
    private static TrainingDoctor run(Module model, double lr, int train, int epochs) {
        ArrayDataset[] data = digits(train);
        DataLoader loader = DataLoader.builder(data[0]).batchSize(32).shuffle(1).build();
        TrainingDoctor doctor = new TrainingDoctor(TrainingDoctor.everyFor((long) epochs * loader.numBatches()), null);
        Trainer t = Trainer.builder(model, new SGD(model.parameters(), SGD.Options.defaults().withLr(lr).withMomentum(0.9))).train(loader)
                .validation(DataLoader.builder(data[1]).batchSize(200).build()).callback(doctor).build();
        try {
            t.fit(epochs);
        } catch (NonFiniteException e) {
            doctor.diverged(e);
        }
        return doctor;
    }

    private static List<Symptom> symptoms(TrainingDoctor d) { return d.diagnosis().findings().stream().map(Finding::symptom).toList(); }

    private static Finding finding(TrainingDoctor d, Symptom s) {
        return d.diagnosis().findings().stream().filter(f -> f.symptom() == s).findFirst()
                .orElseThrow(() -> new AssertionError("no " + s + " among " + d.diagnosis().findings()));
    }

    @Test
    void aSoundRunHasNoFindings() {
        TrainingDoctor d = run(mlp(3, 64, ReLU::new, new Generator(1)), 0.05, 1200, 3);
        assertThat(d.diagnosis().findings()).isEmpty();
        assertThat(d.toJson()).containsEntry("healthy", true);
        assertThat((Double) d.toJson().get("median_update_ratio")).isBetween(1e-5, 0.2);
    }

    @Test
    void tenSigmoidLayersVanish() {
        TrainingDoctor d = run(mlp(10, 32, Sigmoid::new, new Generator(1)), 0.1, 1200, 2);
        Finding f = finding(d, Symptom.VANISHING_GRADIENTS);
        assertThat(f.layer()).isEqualTo("0"); // the first Linear
        assertThat(f.figure()).isGreaterThan(1e3);
        assertThat(f.toString()).contains("layer '0'").contains("fell 10").contains("sigmoid saturation").contains("try ReLU or batch norm");
    }

    @Test
    void learningRateTenDiverges() {
        TrainingDoctor d = run(mlp(3, 64, ReLU::new, new Generator(1)), 10, 1200, 2);
        Finding f = finding(d, Symptom.DIVERGENCE);
        assertThat(f.step()).isPositive();
        assertThat(f.fix()).contains("learning rate is too high");
    }

    @Test
    void learningRateOneInAMillionIsTooLow() {
        TrainingDoctor d = run(mlp(3, 64, ReLU::new, new Generator(1)), 1e-6, 1200, 2);
        assertThat(symptoms(d)).contains(Symptom.LR_TOO_LOW).doesNotContain(Symptom.UNDERFITTING);
        assertThat(finding(d, Symptom.LR_TOO_LOW).figure()).isLessThan(1e-5);
    }

    @Test
    void heInitialisedReLUsWithBiasMinusFiveDie() {
        Generator g = new Generator(1);
        Sequential m = mlp(4, 64, ReLU::new, g);
        for (Module layer : m.namedModules().values())
            if (layer instanceof Linear l) {
                Init.kaimingNormal(l.weight, 0, Init.FanMode.FAN_IN, Init.Nonlinearity.RELU, g);
                Init.constant(l.bias, -5);
            }
        TrainingDoctor d = run(m, 0.05, 1200, 2);
        Finding f = finding(d, Symptom.DEAD_RELUS);
        assertThat(f.figure()).isGreaterThanOrEqualTo(0.5);
        assertThat(f.evidence()).contains("output 0 for every sample");
    }

    @Test
    void aTinyTrainingSetOverfits() {
        TrainingDoctor d = run(mlp(3, 64, ReLU::new, new Generator(1)), 0.05, 40, 25);
        Finding f = finding(d, Symptom.OVERFITTING);
        assertThat(f.figure()).isGreaterThan(0.1);
        assertThat(f.fix()).contains("augmentation").contains("weight decay");
    }

    @Test
    void rareClassesAreAnImbalance() {
        TrainingDoctor d = new TrainingDoctor(1, null);
        d.classCounts(new long[] {500, 480, 12}, List.of("cat", "dog", "bird"));
        Finding f = finding(d, Symptom.CLASS_IMBALANCE);
        assertThat(f.evidence()).isEqualTo("class 'bird' has 12 training samples, class 'cat' 500 (42× fewer)");
        d.classCounts(new long[] {100, 90}, List.of());
        assertThat(d.diagnosis().findings()).hasSize(1);
    }

    @Test
    void findingsRoundTripThroughJson() {
        Diagnosis d = new Diagnosis(null);
        d.add(new Finding(Symptom.LR_TOO_LOW, "", 120, 3e-7, "the loss moved 0.1%", "raise it"));
        assertThat(d.add(new Finding(Symptom.LR_TOO_LOW, "", 130, 1e-7, "again", "again"))).isFalse();
        Map<String, Object> json = org.nabla.io.Json.parseObject(org.nabla.io.Json.writePretty(d.toJson(Map.of("samples", 3))));
        assertThat(Diagnosis.findingsOf(json)).containsExactlyElementsOf(d.findings());
        assertThat(json).containsEntry("healthy", false);
    }

    @Test
    void powersOfTenAreWrittenWithSuperscripts() {
        assertThat(Figures.powerOfTen(12_000)).isEqualTo("10⁴×");
        assertThat(Figures.powerOfTen(0.05)).isEqualTo("10⁻²×");
    }
}
