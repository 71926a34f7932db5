package org.nabla.cli.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.nabla.tensor.Generator;
import org.nabla.tensor.RunContext;

/** Every lab runs at its smoke size and writes a report with the claim, a verdict backed by numbers, and charts. */
class LabsTest {
    @TempDir Path tmp;

    @Test
    void thereAreAtLeastFourteenLabs() { assertThat(Labs.REGISTRY.names()).hasSizeGreaterThanOrEqualTo(14); }

    @TestFactory
    Stream<DynamicTest> eachLabRunsAtSmokeSize() {
        return Labs.REGISTRY.entries().stream().map(e -> DynamicTest.dynamicTest(e.name(), () -> {
            Path dir = Files.createDirectories(tmp.resolve(e.name()));
            LabReport r;
            Generator.manualSeed(1);
            try (RunContext run = RunContext.of(2, Generator.global())) {
                r = run.call(() -> e.value().run(new LabRun(dir, true, 42)));
            }
            Path md = r.write(dir);
            String text = Files.readString(md);
            assertThat(text).contains("**Claim (the course).** " + e.value().claim()).containsPattern("\\*\\*Verdict: (CONFIRMED|NOT CONFIRMED)\\.\\*\\* \\S");
            assertThat(r.verdictText()).as("the verdict gives figures").containsPattern("\\d");
            assertThat(r.rows()).isNotEmpty();
            List<Path> pngs;
            try (Stream<Path> files = Files.list(dir)) {
                pngs = files.filter(p -> p.toString().endsWith(".png")).toList();
            }
            assertThat(pngs).isNotEmpty();
            for (Path png : pngs) {
                BufferedImage img = ImageIO.read(png.toFile());
                assertThat(img).as(png.toString()).isNotNull();
                assertThat(text).contains("(" + png.getFileName() + ")");
            }
        }));
    }

    @Test
    void theRidgeSolverFitsAPolynomialExactlyWithoutRegularisation() {
        double[] x = new double[20], y = new double[20];
        for (int i = 0; i < 20; i++) {
            x[i] = i / 19.0;
            y[i] = 1 - 2 * x[i] + 3 * x[i] * x[i] * x[i];
        }
        double[] w = BiasVarianceLab.ridge(x, y, 0);
        assertThat(w[0]).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(w[1]).isCloseTo(-2, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(BiasVarianceLab.poly(w, 0.5)).isCloseTo(1 - 1 + 3 / 8.0, org.assertj.core.data.Offset.offset(1e-6));
    }
}
