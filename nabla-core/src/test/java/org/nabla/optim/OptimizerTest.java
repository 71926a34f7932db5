package org.nabla.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nabla.autograd.GradMode;
import org.nabla.nn.Linear;
import org.nabla.nn.Parameter;
import org.nabla.nn.Sequential;
import org.nabla.tensor.DType;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

class OptimizerTest {

    private static Tensor param(double... values) { return Tensor.of(values, values.length).requiresGrad(true); }

    private static void setGrad(Tensor p, double... g) { p.setGrad(Tensor.of(g, g.length)); }

    // ------------------------------------------------------------ param groups

    @Test
    void eachGroupStepsWithItsOwnLearningRate() {
        Tensor a = param(1, 2), b = param(1, 2);
        SGD opt = new SGD(SGD.Options.defaults().withLr(0.1), ParamGroup.of(List.of(a)), ParamGroup.of(List.of(b), o -> o.withLr(0.01)));
        setGrad(a, 1, -2);
        setGrad(b, 1, -2);
        opt.step();
        assertThat(a.toDoubleArray()).containsExactly(new double[] {0.9, 2.2}, within(1e-12));
        assertThat(b.toDoubleArray()).containsExactly(new double[] {0.99, 2.02}, within(1e-12));
        assertThat(opt.paramGroups().get(0).lr()).isEqualTo(0.1);
        assertThat(opt.paramGroups().get(1).lr()).isEqualTo(0.01);
        assertThat(((SGD.Options) opt.paramGroups().get(1).options()).momentum()).as("unset options come from the optimizer").isEqualTo(0);
    }

    @Test
    void everyRegisteredOptimizerTakesAGroupWithoutWeightDecay() {
        for (String name : Optimizers.REGISTRY.names()) {
            Tensor w = param(1, 2), bias = param(1, 2);
            Optimizer opt = Optimizers.create(name, List.of(w), new Optimizers.Settings(0.1, 0.9, 0.5));
            opt.addParamGroup(ParamGroup.of(List.of(bias), o -> o.withWeightDecay(0)));
            assertThat(OptionNames.numbers(opt.paramGroups().get(0).options())).as(name).containsEntry("weight_decay", 0.5);
            assertThat(OptionNames.numbers(opt.paramGroups().get(1).options())).as(name).containsEntry("weight_decay", 0.0);
        }
        SGD nesterov = (SGD) Optimizers.create("nesterov", List.of(param(1)), new Optimizers.Settings(0.1, 0.9, 0));
        assertThat(((SGD.Options) nesterov.paramGroups().getFirst().options()).nesterov()).isTrue();
    }

    @Test
    void aGroupWithLearningRateZeroStaysPutEvenWithMomentumAndDecoupledDecay() {
        for (String kind : new String[] {"SGD", "Adagrad", "RMSprop", "Adadelta", "Adam", "AdamW"}) {
            Tensor backbone = param(0.5, -1.5, 2), head = param(1, 1, 1);
            ParamGroup frozen = ParamGroup.of(List.of(backbone), o -> OptionNames.with(o, Map.of("lr", 0.0, "weight_decay", 0.1), kind));
            Optimizer opt = OptimFixtures.make(kind, Map.of("lr", 0.1), List.of(frozen, ParamGroup.of(List.of(head))));
            for (int i = 0; i < 3; i++) {
                opt.zeroGrad();
                backbone.mul(head).sum().add(head.square().sum()).backward();
                opt.step();
            }
            assertThat(backbone.toDoubleArray()).as(kind).containsExactly(0.5, -1.5, 2);
            assertThat(head.toDoubleArray()).as(kind).doesNotContain(1.0);
        }
    }

    @Test
    void frozenParametersAreSkippedAndGetNoState() {
        Generator gen = new Generator(7);
        Linear features = new Linear(3, 4, true, gen), classifier = new Linear(4, 2, true, gen);
        Sequential model = new Sequential(features, classifier);
        Tensor before = features.weight.detach().copy(), biasBefore = features.bias.detach().copy();
        AdamW opt = new AdamW(model.parameters(), AdamW.Options.defaults().withLr(0.1).withWeightDecay(0.5));
        features.freeze();
        Tensor headBefore = classifier.weight.detach().copy();
        for (int i = 0; i < 3; i++) {
            opt.zeroGrad();
            model.call(Tensor.randn(gen, 5, 3)).square().mean().backward();
            opt.step();
        }
        assertThat(features.weight.toFloatArray()).containsExactly(before.toFloatArray());
        assertThat(features.bias.toFloatArray()).containsExactly(biasBefore.toFloatArray());
        assertThat(opt.state(features.weight)).isNull();
        assertThat(classifier.weight.toFloatArray()).isNotEqualTo(headBefore.toFloatArray());
        assertThat(opt.state(classifier.weight).number("step", 0)).isEqualTo(3);
    }

    @Test
    void addParamGroupTakesTheDefaults() {
        Tensor a = param(1), b = param(1);
        Adam opt = new Adam(List.of(a), Adam.Options.defaults().withLr(0.01).withBetas(0.8, 0.9));
        opt.addParamGroup(Adam.group(List.of(b), o -> o.withLr(0.001)));
        assertThat(opt.paramGroups()).hasSize(2);
        assertThat(opt.paramGroups().get(1).options()).isEqualTo(Adam.Options.defaults().withLr(0.001).withBetas(0.8, 0.9));
        assertThatThrownBy(() -> opt.addParamGroup(ParamGroup.of(List.of(a))))
                .hasMessage("Adam: parameter 0 of param group 2 appears more than once among the param groups");
    }

    // ------------------------------------------------------------ zeroGrad, closure, float32

    @Test
    void zeroGradClearsOrZeroesAndStepSkipsOnlyMissingGradients() {
        Tensor p = param(1, 1);
        SGD opt = new SGD(List.of(p), SGD.Options.defaults().withLr(0.1).withMomentum(0.9));
        setGrad(p, 1, 1);
        opt.step(); // buffer = 1, p = 0.9
        opt.zeroGrad();
        assertThat(p.grad()).isNull();
        opt.step(); // no gradient: skipped, momentum does not coast
        assertThat(p.toDoubleArray()).containsExactly(new double[] {0.9, 0.9}, within(1e-12));

        setGrad(p, 1, 1);
        opt.zeroGrad(false);
        assertThat(p.grad().toDoubleArray()).containsExactly(0, 0);
        opt.step(); // zero gradient: stepped, buffer = 0.9, p = 0.9 - 0.09
        assertThat(p.toDoubleArray()).containsExactly(new double[] {0.81, 0.81}, within(1e-12));
    }

    @Test
    void stepWithClosureReturnsTheLoss() {
        Tensor p = param(3);
        SGD opt = new SGD(List.of(p), 0.25);
        Tensor loss;
        try (var s = GradMode.noGrad()) { // the closure runs with grad on regardless
            loss = opt.step(() -> {
                opt.zeroGrad();
                Tensor l = p.square().sum();
                l.backward();
                return l;
            });
        }
        assertThat(loss.item()).isEqualTo(9);
        assertThat(p.item()).isEqualTo(1.5); // 3 - 0.25 * 6
    }

    @Test
    void trainsFloat32ParametersInPlace() {
        Parameter w = new Parameter(Tensor.of(new float[] {2f, -3f}, 2));
        Adam opt = new Adam(List.of(w), Adam.Options.defaults().withLr(0.1));
        for (int i = 0; i < 200; i++) {
            opt.zeroGrad();
            w.sub(Tensor.of(new float[] {0.5f, 0.25f}, 2)).square().sum().backward();
            opt.step();
        }
        assertThat(w.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(w.toFloatArray()).containsExactly(new float[] {0.5f, 0.25f}, within(0.02f));
        assertThat(opt.state(w).tensor("exp_avg").dtype()).isEqualTo(DType.FLOAT32);
    }

    @Test
    void toStringListsTheGroups() {
        SGD opt = new SGD(List.of(param(1)), SGD.Options.defaults().withLr(0.5));
        assertThat(opt.toString()).startsWith("SGD (\nParameter Group 0\n    lr: 0.5\n    momentum: 0.0");
    }

    // ------------------------------------------------------------ state dict

    @Test
    void stateDictNamesTensorsByParameterIndexAndKey() {
        Tensor a = param(1, 2), b = param(3);
        Adam opt = new Adam(Adam.Options.defaults().withAmsgrad(true), ParamGroup.of(List.of(a)), ParamGroup.of(List.of(b), o -> o.withLr(0.5)));
        setGrad(a, 1, 1);
        opt.step(); // b has no gradient: no state
        OptimizerState s = opt.stateDict();
        assertThat(s.tensors().keySet()).containsExactly("0.exp_avg", "0.exp_avg_sq", "0.max_exp_avg_sq");
        assertThat(s.metadata()).containsEntry("param_groups", 2.0).containsEntry("0.step", 1.0)
                .containsEntry("group.0.params", 1.0).containsEntry("group.1.lr", 0.5).containsEntry("group.0.amsgrad", 1.0);
        // a copy, not a view: later steps do not change it
        double saved = s.tensors().get("0.exp_avg").toDoubleArray()[0];
        opt.step();
        assertThat(s.tensors().get("0.exp_avg").toDoubleArray()[0]).isEqualTo(saved);
    }

    @Test
    void loadStateDictRestoresGroupOptionsAndRejectsMismatches() {
        Tensor a = param(1, 2);
        SGD source = new SGD(List.of(a), SGD.Options.defaults().withLr(0.1).withMomentum(0.9));
        setGrad(a, 1, 1);
        source.step();
        source.paramGroups().get(0).setLr(0.05);
        OptimizerState state = source.stateDict();

        Tensor b = param(1, 2);
        SGD target = new SGD(List.of(b), SGD.Options.defaults().withLr(0.1).withMomentum(0.9));
        target.loadStateDict(state);
        assertThat(target.paramGroups().get(0).lr()).isEqualTo(0.05);
        assertThat(target.state(b).tensor("momentum_buffer").toDoubleArray()).containsExactly(1, 1);

        SGD twoGroups = new SGD(SGD.Options.defaults().withLr(0.1), ParamGroup.of(List.of(param(1, 2))), ParamGroup.of(List.of(param(1))));
        assertThatThrownBy(() -> twoGroups.loadStateDict(state))
                .hasMessage("SGD.loadStateDict: the state has 1 param groups, this optimizer has 2");
        SGD otherShape = new SGD(List.of(param(1, 2, 3)), SGD.Options.defaults().withLr(0.1));
        assertThatThrownBy(() -> otherShape.loadStateDict(state))
                .hasMessage("SGD.loadStateDict: '0.momentum_buffer' has shape [2] but its parameter has shape [3]");
    }

    @Test
    void loadStateDictCastsToTheParameterDtype() {
        Tensor a = param(1, 2);
        Adam source = new Adam(List.of(a));
        setGrad(a, 1, 1);
        source.step();
        Parameter f = new Parameter(Tensor.of(new float[] {1, 2}, 2));
        Adam target = new Adam(List.of(f));
        target.loadStateDict(source.stateDict());
        assertThat(target.state(f).tensor("exp_avg").dtype()).isEqualTo(DType.FLOAT32);
    }

    // ------------------------------------------------------------ bad options

    @Test
    void badOptionsNameTheOptimizerTheOptionAndTheGroup() {
        List<Tensor> ps = List.of(param(1));
        assertThatThrownBy(() -> new SGD(ps, -0.1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SGD: invalid lr -0.1 in param group 0: must be >= 0.0");
        assertThatThrownBy(() -> new SGD(ps, SGD.Options.defaults()))
                .hasMessage("SGD: lr is required (set it in the options or in param group 0)");
        assertThatThrownBy(() -> new SGD(ps, SGD.Options.defaults().withLr(0.1).withMomentum(-0.5)))
                .hasMessage("SGD: invalid momentum -0.5 in param group 0: must be >= 0.0");
        assertThatThrownBy(() -> new SGD(ps, SGD.Options.defaults().withLr(0.1).withNesterov(true)))
                .hasMessage("SGD: Nesterov momentum requires a momentum > 0 and zero dampening (param group 0 has momentum 0.0, dampening 0.0)");
        assertThatThrownBy(() -> new SGD(SGD.Options.defaults().withLr(0.1), ParamGroup.of(ps), ParamGroup.of(List.of(param(2)), o -> o.withLr(-1))))
                .hasMessage("SGD: invalid lr -1.0 in param group 1: must be >= 0.0");
        assertThatThrownBy(() -> new Adam(ps, Adam.Options.defaults().withLr(-1e-3)))
                .hasMessage("Adam: invalid lr -0.001 in param group 0: must be >= 0.0");
        assertThatThrownBy(() -> new Adam(ps, Adam.Options.defaults().withBetas(1.0, 0.999)))
                .hasMessage("Adam: invalid beta1 1.0 in param group 0: must be in [0.0, 1.0)");
        assertThatThrownBy(() -> new AdamW(ps, AdamW.Options.defaults().withWeightDecay(-0.01)))
                .hasMessage("AdamW: invalid weight_decay -0.01 in param group 0: must be >= 0.0");
        assertThatThrownBy(() -> new AdamW(ps, AdamW.Options.defaults().withEps(-1)))
                .hasMessage("AdamW: invalid eps -1.0 in param group 0: must be >= 0.0");
        assertThatThrownBy(() -> new Adagrad(ps, Adagrad.Options.defaults().withLrDecay(-1)))
                .hasMessage("Adagrad: invalid lr_decay -1.0 in param group 0: must be >= 0.0");
        assertThatThrownBy(() -> new Adagrad(ps, Adagrad.Options.defaults().withInitialAccumulatorValue(-1)))
                .hasMessage("Adagrad: invalid initial_accumulator_value -1.0 in param group 0: must be >= 0.0");
        assertThatThrownBy(() -> new RMSprop(ps, RMSprop.Options.defaults().withAlpha(-0.9)))
                .hasMessage("RMSprop: invalid alpha -0.9 in param group 0: must be >= 0.0");
        assertThatThrownBy(() -> new Adadelta(ps, Adadelta.Options.defaults().withRho(1.5)))
                .hasMessage("Adadelta: invalid rho 1.5 in param group 0: must be in [0.0, 1.0]");
        assertThatThrownBy(() -> new Adadelta(ps, Adadelta.Options.defaults().withLr(Double.NaN)))
                .hasMessage("Adadelta: lr is required (set it in the options or in param group 0)");
    }

    @Test
    void badParametersAndUnknownOptionsAreNamed() {
        assertThatThrownBy(() -> new SGD(List.of(), 0.1)).hasMessage("SGD: got an empty parameter list");
        Tensor leaf = param(1, 2);
        assertThatThrownBy(() -> new SGD(List.of(leaf.mul(2)), 0.1))
                .hasMessage("SGD: can't optimize a non-leaf tensor (parameter 0 of param group 0); pass the leaf (e.g. a Parameter) instead");
        assertThatThrownBy(() -> new SGD(List.of(leaf, leaf), 0.1))
                .hasMessage("SGD: parameter 1 of param group 0 appears more than once among the param groups");
        assertThatThrownBy(() -> new Adam(List.of(Tensor.of(new long[] {1}, 1))))
                .hasMessage("Adam: can only optimize floating-point tensors, parameter 0 of param group 0 is int64");
        assertThatThrownBy(() -> new SGD(SGD.Options.defaults().withLr(0.1), Adam.group(List.of(leaf), o -> o.withAmsgrad(true))))
                .hasMessage("SGD: param group 0 overrides Adam.Options but the optimizer takes SGD.Options");
        assertThatThrownBy(() -> new Adagrad(List.of(param(1)), Adagrad.Options.defaults()).addParamGroup(ParamGroup.of(List.of(leaf), o -> o.withCycledMomentum(0.9))))
                .hasMessage("Adagrad: param group 1: Adagrad.Options has no momentum or beta1");
        ParamGroup taken = ParamGroup.of(List.of(leaf));
        new SGD(SGD.Options.defaults().withLr(0.1), taken);
        assertThatThrownBy(() -> new SGD(SGD.Options.defaults().withLr(0.1), taken)).hasMessage("SGD: param group 0 is already in an optimizer");
    }

    @Test
    void checkpointsNameTheOptionsAsPyTorchDoes() {
        SGD sgd = new SGD(List.of(param(1)), SGD.Options.defaults().withLr(0.1).withMomentum(0.9).withNesterov(true));
        assertThat(sgd.stateDict().metadata()).containsExactly(Map.entry("param_groups", 1.0), Map.entry("group.0.params", 1.0),
                Map.entry("group.0.lr", 0.1), Map.entry("group.0.momentum", 0.9), Map.entry("group.0.dampening", 0.0),
                Map.entry("group.0.weight_decay", 0.0), Map.entry("group.0.nesterov", 1.0), Map.entry("group.0.maximize", 0.0));
        Adagrad adagrad = new Adagrad(List.of(param(1)), Adagrad.Options.defaults().withInitialAccumulatorValue(0.5));
        assertThat(adagrad.stateDict().metadata()).containsEntry("group.0.lr_decay", 0.0).containsEntry("group.0.initial_accumulator_value", 0.5);
        Adam adam = new Adam(List.of(param(1)), Adam.Options.defaults().withBetas(0.8, 0.9));
        assertThat(adam.stateDict().metadata()).containsEntry("group.0.beta1", 0.8).containsEntry("group.0.beta2", 0.9);

        // loading maps the names back onto the record; numbers the optimizer does not know are schedulers' (initial_lr)
        Map<String, Double> meta = new java.util.LinkedHashMap<>(sgd.stateDict().metadata());
        meta.put("group.0.nesterov", 0.0);
        meta.put("group.0.momentum", 0.5);
        meta.put("group.0.initial_lr", 0.2);
        SGD target = new SGD(List.of(param(1)), SGD.Options.defaults().withLr(0.1));
        target.loadStateDict(new OptimizerState(Map.of(), meta));
        assertThat(target.paramGroups().get(0).options()).isEqualTo(SGD.Options.defaults().withLr(0.1).withMomentum(0.5));
        assertThat(target.paramGroups().get(0).schedulerValues()).containsExactly(Map.entry("initial_lr", 0.2));
    }
}
