package org.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nabla.autograd.GradMode;
import org.nabla.onnx.Onnx;
import org.nabla.onnx.OnnxModule;
import org.nabla.onnx.proto.ModelProto;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

class ExportCommandTest {
    @Test
    void aRunExportsToOnnxWithItsOutputsAndMetadata(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        Cli.Run r = Cli.run("train", "cnn", "--epochs", "1", "--out", out.toString()); // the small CNN (batch norm, pooling) on the digits
        assertThat(r.exitCode()).as(r.err()).isZero();

        Cli.Run e = Cli.run("export", out.toString());
        assertThat(e.exitCode()).as(e.err()).isZero();
        Path file = out.resolve("model.onnx");
        assertThat(e.out()).contains("wrote " + file);
        ModelProto m = Onnx.readModel(file);
        assertThat(m.metadataProps()).anySatisfy(p -> assertThat(p.key()).isEqualTo("nabla.normalizer"));
        assertThat(m.metadataProps()).anySatisfy(p -> assertThat(p.key()).isEqualTo("nabla.class_names"));

        TrainedModel t = TrainedModel.load(out, null);
        OnnxModule back = Onnx.load(file);
        int[] s = t.sampleShape();
        int[] shape = new int[s.length + 1];
        shape[0] = 4;
        System.arraycopy(s, 0, shape, 1, s.length);
        Tensor x = Tensor.randn(new Generator(1), shape);
        try (var g = GradMode.noGrad()) {
            float[] want = t.model().call(x).toFloatArray(), got = back.call(x).toFloatArray();
            for (int i = 0; i < want.length; i++) assertThat(got[i]).isCloseTo(want[i], org.assertj.core.data.Offset.offset(1e-4f * Math.max(1, Math.abs(want[i]))));
        }
    }

    @Test
    void badInputIsOneLine(@TempDir Path tmp) throws Exception {
        Cli.Run missing = Cli.run("export", tmp.resolve("nothing").toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err().strip()).contains("no such file or folder").doesNotContain("\n").doesNotContain("Exception");
        Path out = tmp.resolve("run");
        assertThat(Cli.run("train", "--epochs", "1", "--out", out.toString()).exitCode()).isZero();
        Cli.Run format = Cli.run("export", out.toString(), "--format", "tflite");
        assertThat(format.exitCode()).isEqualTo(2);
        assertThat(format.err()).contains("--format");
        assertThat(Files.exists(out.resolve("model.onnx"))).isFalse();
    }
}
