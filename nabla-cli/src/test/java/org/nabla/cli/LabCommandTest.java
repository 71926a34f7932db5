package org.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabCommandTest {
    @TempDir Path tmp;

    @Test
    void listsTheLabs() {
        Cli.Run r = Cli.run("lab", "list");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().lines().count()).isGreaterThanOrEqualTo(14);
        assertThat(r.out()).containsPattern("(?m)^optimizers +SGD, momentum").containsPattern("(?m)^bias-variance ");
    }

    @Test
    void runsALabIntoItsFolder() throws Exception {
        Path out = tmp.resolve("bv");
        Cli.Run r = Cli.run("lab", "bias-variance", "--smoke", "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("claim: A flexible model").containsPattern("(?m)^verdict: (CONFIRMED|NOT CONFIRMED) — bias²");
        assertThat(Files.readString(out.resolve("report.md"))).startsWith("# Lab: bias-variance");
        assertThat(out.resolve("fits.png")).exists();
    }

    @Test
    void anUnknownLabIsAUsageError() {
        Cli.Run r = Cli.run("lab", "alchemy");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("unknown lab 'alchemy'; available: optimizers");
    }
}
