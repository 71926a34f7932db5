package org.nabla;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The Java example in README.md: it must compile, print what the README says, and match the README text. */
class ReadmeExampleTest {

    /** The README's example, line for line; its comments are the lines it prints. */
    private static void example(PrintStream out) {
        Tensor x = Tensor.of(new float[][] {{1, 2}, {3, 4}});                 // a batch of two inputs
        Tensor w = Tensor.of(new float[] {0.5f, 1}, 2).requiresGrad(true);    // parameters to learn
        Tensor b = Tensor.scalar(0.25).requiresGrad(true);
        Tensor y = x.matmul(w).add(b).relu();           // the forward pass records the graph
        Tensor loss = y.square().mean();
        loss.backward();                                // reverse mode fills .grad of every leaf
        out.println(loss.item()); // 20.3125
        out.println(w.grad());    // tensor([20.0000, 28.5000])
        out.println(b.grad());    // tensor(8.5000)
    }

    @Test
    void printsWhatItsCommentsSay() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        example(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        List<String> printed = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(printed).containsExactly("20.3125", "tensor([20.0000, 28.5000])", "tensor(8.5000)");
    }

    @Test
    void readmeShowsThisExample() throws IOException {
        Path readme = Path.of("..", "README.md");
        Path source = Path.of("src", "test", "java", "org", "nabla", "ReadmeExampleTest.java");
        Matcher block = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(readme));
        assertThat(block.find()).as("README.md has a java block").isTrue();
        List<String> testLines = Files.readString(source).lines().map(String::strip).toList();
        List<String> exampleLines = block.group(1).lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("import ")).map(l -> l.replace("System.out", "out")).toList();
        assertThat(exampleLines).hasSizeGreaterThanOrEqualTo(9);
        assertThat(testLines).containsSubsequence(exampleLines);
    }
}
