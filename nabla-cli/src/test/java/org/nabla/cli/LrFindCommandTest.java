package org.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nabla.io.Json;

class LrFindCommandTest {
    @TempDir Path tmp;

    @Test
    void findsARateForTheDigitsMlpAndPlotsTheRamp() throws Exception {
        Path out = tmp.resolve("lr");
        Cli.Run r = Cli.run("lr-find", "mlp", "--dataset", "digits", "--optimizer", "sgd", "--steps", "80", "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("(?m)^suggested learning rate: [\\d.e-]+ \\((steepest descent of the smoothed loss|minimum of the smoothed loss / 10)\\)");
        Map<String, Object> json = Json.parseObject(Files.readString(out.resolve("lr-find.json")));
        assertThat((Double) json.get("suggested_lr")).isBetween(1e-3, 1.0); // SGD with momentum trains this MLP at 0.01-0.5
        assertThat(json.get("diverged")).isEqualTo(true);
        assertThat(Files.readAllLines(out.resolve("lr-find.csv"))).first().isEqualTo("lr,loss,smoothed_loss");
        BufferedImage png = ImageIO.read(out.resolve("lr-find.png").toFile());
        assertThat(png.getWidth()).isGreaterThanOrEqualTo(800);
    }

    @Test
    void aBackwardRampIsAUsageError() {
        Cli.Run r = Cli.run("lr-find", "mlp", "--start", "1", "--end", "0.1", "--out", tmp.resolve("x").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--start/--end/--steps: need 0 < start < end");
    }
}
