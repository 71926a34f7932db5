package org.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nabla.data.DataPaths;

/** README's first command, as a newcomer runs it on a fresh machine: no network, no $NABLA_DATA, no OS datasets. */
class QuickStartTest {
    @TempDir Path tmp;

    /** The arguments of README's first {@code ./nabla} command (the first line of its first sh block). */
    static List<String> firstCommand() throws IOException {
        Matcher block = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(Path.of("..", "README.md")));
        assertThat(block.find()).as("README.md has an sh block").isTrue();
        String line = block.group(1).lines().findFirst().orElseThrow();
        String command = line.contains("#") ? line.substring(0, line.indexOf('#')) : line;
        List<String> words = new ArrayList<>(Arrays.asList(command.strip().split("\\s+")));
        assertThat(words.removeFirst()).isEqualTo("./nabla");
        return words;
    }

    @Test
    void readmesFirstCommandTrainsOfflineOnTheBundledDigits() throws IOException {
        List<String> args = firstCommand();
        assertThat(args).startsWith("train");
        Path out = tmp.resolve("run");
        args.addAll(List.of("--out", out.toString()));
        Cli.Run r = offlineWithoutData(args.toArray(String[]::new));

        assertThat(r.exitCode()).as(r.err()).isZero();
        Matcher accuracy = Pattern.compile("test accuracy (\\d+\\.\\d+)%").matcher(r.out());
        assertThat(accuracy.find()).as(r.out()).isTrue();
        assertThat(Double.parseDouble(accuracy.group(1))).isGreaterThan(97.0);
        for (String file : List.of("config.json", "metrics.csv", "steps.csv", "summary.json", "loss.png", "accuracy.png", "confusion.png"))
            assertThat(out.resolve(file)).as(file).isNotEmptyFile();
        assertThat(r.out()).contains("run folder: " + out);
    }

    /** Runs the command with an empty $NABLA_DATA, empty OS dataset folders and downloads turned off. */
    private Cli.Run offlineWithoutData(String... args) throws IOException {
        Path data = Files.createDirectories(tmp.resolve("data")), system = Files.createDirectories(tmp.resolve("usr-share-datasets"));
        System.setProperty(DataPaths.PROPERTY, data.toString());
        System.setProperty(DataPaths.SYSTEM_PROPERTY, system.toString());
        System.setProperty(DataPaths.OFFLINE_PROPERTY, "true");
        try {
            return Cli.run(args);
        } finally {
            System.clearProperty(DataPaths.PROPERTY);
            System.clearProperty(DataPaths.SYSTEM_PROPERTY);
            System.clearProperty(DataPaths.OFFLINE_PROPERTY);
        }
    }
}
