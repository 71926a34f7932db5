package org.nabla.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.nabla.models.Models;
import org.nabla.nn.Module;
import org.nabla.nn.Summary;
import org.nabla.tensor.Generator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nabla summary}: a model's layers, output shapes, parameters and multiply-adds. */
@Command(name = "summary", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Prints a model's layers with their output shapes, parameter counts and multiply-adds per sample.")
final class SummaryCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "A built-in model (mlp, lenet5, cnn) or a run folder / checkpoint.")
    private String model;

    @Option(names = "--input", paramLabel = "CxHxW",
            description = "Sample shape of a built-in model, e.g. 1x28x28 or 3x32x32. Default: 1x28x28 (mlp, lenet5), 3x32x32 (cnn), 3x224x224 (ImageNet layouts: resnet18, ...), 64 tokens (language models).")
    private String input;

    @Option(names = "--classes", paramLabel = "N", description = "Output classes of a built-in model (a language model's vocabulary). Default: 1000 for the ImageNet layouts, else 10.")
    private Integer classes;

    @Override
    public Integer call() {
        Module m;
        int[] shape;
        if (!Models.REGISTRY.contains(model) && Files.exists(Path.of(model))) {
            TrainedModel t = TrainedModel.load(Path.of(model), null);
            m = t.model();
            shape = t.sampleShape();
        } else {
            if (!Models.REGISTRY.contains(model))
                throw new ParameterException(spec.commandLine(), Models.REGISTRY.unknown(model)
                        + ", or a run folder");
            boolean text = Models.REGISTRY.get(model).languageModel(), translator = Models.REGISTRY.get(model).seq2seq();
            if (translator) {
                shape = new int[] {org.nabla.data.HumanDates.standard().inputLength()};
                m = Models.create(model, shape, org.nabla.data.HumanDates.outputVocabulary().size(), new Generator(0));
            } else {
                org.nabla.models.ModelFactory factory = Models.REGISTRY.get(model);
                shape = input != null ? parseShape(input) : factory.defaultSampleShape() != null ? factory.defaultSampleShape()
                        : text ? new int[] {64} : model.equals("cnn") ? new int[] {3, 32, 32} : new int[] {1, 28, 28};
                int outputs = classes != null ? classes : factory.defaultOutputs() > 0 ? factory.defaultOutputs() : 10;
                if (outputs < 2) throw new ParameterException(spec.commandLine(), "--classes must be at least 2, got " + outputs);
                m = Models.create(model, shape, outputs, new Generator(0));
            }
        }
        int[] batch = new int[shape.length + 1];
        batch[0] = 1;
        System.arraycopy(shape, 0, batch, 1, shape.length);
        boolean tokens = m instanceof org.nabla.sequence.LanguageModel || m instanceof org.nabla.models.text.Seq2Seq;
        org.nabla.tensor.Tensor ids = org.nabla.tensor.Tensor.zeros(org.nabla.tensor.DType.INT64, batch);
        Summary summary = m instanceof org.nabla.models.text.Seq2Seq s2s
                ? Summary.of(m, () -> s2s.call(org.nabla.tensor.Tensor.ones(org.nabla.tensor.DType.INT64, batch), org.nabla.tensor.Tensor.ones(org.nabla.tensor.DType.INT64, 1, org.nabla.data.HumanDates.OUTPUT_LENGTH)))
                : tokens ? Summary.of(m, ids) : Summary.of(m, batch);
        spec.commandLine().getOut().print(model + " on " + TrainCommand.shape(shape) + (tokens ? " tokens" : " inputs") + "\n" + summary);
        spec.commandLine().getOut().flush();
        return 0;
    }

    private int[] parseShape(String s) {
        try {
            int[] shape = Arrays.stream(s.split("x", -1)).mapToInt(Integer::parseInt).toArray();
            if (Arrays.stream(shape).anyMatch(d -> d < 1)) throw new NumberFormatException();
            return shape;
        } catch (NumberFormatException e) {
            throw new ParameterException(spec.commandLine(), "--input must be positive sizes joined by 'x' (e.g. 1x28x28), got '" + s + "'");
        }
    }
}
