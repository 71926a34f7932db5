package org.nabla.serve.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunEventsTest {
    @TempDir
    Path tmp;

    @Test
    void aTailReturnsEachCompleteAppendedRowOnce() throws Exception {
        Path csv = tmp.resolve("steps.csv");
        RunEvents.Tail tail = new RunEvents.Tail(csv, 0);
        assertThat(tail.poll()).as("no file yet").isNull();
        Files.writeString(csv, "step,loss\n1,0.5\n2,0.4");
        RunEvents.Tail.Update first = tail.poll();
        assertThat(first.columns()).containsExactly("step", "loss");
        assertThat(first.rows()).hasSize(1);
        assertThat(tail.poll()).as("the torn row waits").isNull();
        Files.writeString(csv, "\n3,0.3\n", StandardOpenOption.APPEND);
        RunEvents.Tail.Update next = tail.poll();
        assertThat(next.rows()).extracting(r -> r[0]).containsExactly(2.0, 3.0);
        Files.writeString(csv, "step,loss\n"); // rewritten from the start
        assertThat(tail.poll().rewritten()).isTrue();
    }

    @Test
    void aTailStartingAtAnOffsetReadsTheHeaderForItsColumns() throws Exception {
        Path csv = tmp.resolve("metrics.csv");
        Files.writeString(csv, "epoch,val_loss\n0,1.5\n");
        RunEvents.Tail tail = new RunEvents.Tail(csv, Files.size(csv));
        assertThat(tail.poll()).isNull();
        Files.writeString(csv, "1,1.2\n", StandardOpenOption.APPEND);
        RunEvents.Tail.Update u = tail.poll();
        assertThat(u.columns()).containsExactly("epoch", "val_loss");
        assertThat(u.rows().get(0)).containsExactly(1.0, 1.2);
    }
}
