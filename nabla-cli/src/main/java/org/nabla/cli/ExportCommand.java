package org.nabla.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.nabla.io.AtomicFiles;
import org.nabla.io.Json;
import org.nabla.onnx.OnnxExport;
import org.nabla.onnx.proto.ModelProto;
import org.nabla.onnx.proto.StringStringEntryProto;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nabla export}: a trained classifier or regressor as an ONNX file. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes a trained model as an ONNX file (operator set " + OnnxExport.OPSET + ", batch dim symbolic), readable by "
                + "'nabla predict/eval --model FILE.onnx' and other ONNX runtimes.",
                "The model takes its inputs normalised as in training; the file's metadata (nabla.normalizer, nabla.class_names) says how."})
final class ExportCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN", description = "A run folder written by 'nabla train', or a checkpoint folder in it.")
    private Path run;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "onnx", description = "File format: onnx. Default: ${DEFAULT-VALUE}.")
    private String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write. Default: model.onnx in the run folder.")
    private Path output;

    @Override
    public Integer call() {
        if (!format.equals("onnx")) throw new UsageError("--format: only onnx is written, got '" + format + "'");
        TrainedModel t = TrainedModel.load(run, null).require(TrainedModel.SUPERVISED, "nabla export");
        ModelProto model = OnnxExport.export(t.model(), t.sampleShape());
        List<StringStringEntryProto> meta = new ArrayList<>(model.metadataProps());
        meta.add(new StringStringEntryProto("nabla.model", t.config().model()));
        if (!t.classNames().isEmpty()) meta.add(new StringStringEntryProto("nabla.class_names", Json.write(t.classNames())));
        if (t.normalizer() != null) meta.add(new StringStringEntryProto("nabla.normalizer", Json.write(RunData.normalizerJson(t.normalizer()))));
        ModelProto withMeta = new ModelProto(model.irVersion(), model.opsetImport(), model.producerName(), model.producerVersion(), model.domain(),
                model.modelVersion(), model.docString(), model.graph(), meta);
        Path file = output != null ? output : runFolder(t.checkpoint()).resolve("model.onnx");
        AtomicFiles.write(file, withMeta.toByteArray());
        spec.commandLine().getOut().printf("wrote %s: %s, %d nodes, %d initializers, input [N, %s]%n", file, t.config().model(),
                model.graph().node().size(), model.graph().initializer().size(), TrainCommand.shape(t.sampleShape()));
        return 0;
    }

    /** The run folder of a checkpoint folder (run/checkpoint/last), or the folder itself when it is not in one. */
    private static Path runFolder(Path checkpoint) {
        Path parent = checkpoint.getParent();
        return parent != null && parent.getFileName() != null && parent.getFileName().toString().equals("checkpoint") && parent.getParent() != null
                ? parent.getParent() : checkpoint;
    }
}
