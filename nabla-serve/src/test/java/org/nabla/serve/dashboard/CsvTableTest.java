package org.nabla.serve.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTableTest {
    @Test
    void readsCompleteRowsWithEmptyCellsAsMissing() {
        CsvTable t = CsvTable.parse("steps.csv", "step,epoch,loss,accuracy,lr\n1,0,2.5,,0.1\n2,0,2.0,0.5,0.1\n3,0,1.");
        assertThat(t.columns()).containsExactly("step", "epoch", "loss", "accuracy", "lr");
        assertThat(t.rows()).hasSize(2); // the torn last line is left for the next read
        assertThat(t.rows().get(0)[3]).isNaN();
        assertThat(t.jsonRows().get(0)).isEqualTo(Arrays.asList(1.0, 0.0, 2.5, null, 0.1));
    }

    @Test
    void aBadCellOrWidthNamesTheFileAndLine() {
        assertThatThrownBy(() -> CsvTable.parse("metrics.csv", "epoch,loss\n1,abc\n")).hasMessage("metrics.csv line 2: 'abc' is not a number");
        assertThatThrownBy(() -> CsvTable.parse("metrics.csv", "epoch,loss\n1\n")).hasMessage("metrics.csv line 2: 1 cells, the header has 2");
        assertThatThrownBy(() -> CsvTable.parse("metrics.csv", "epoch,loss")).hasMessage("metrics.csv: no header line");
        assertThat(CsvTable.rows("x.csv", "1,2\n3,4\n", 2, 5)).hasSize(2);
        assertThat(CsvTable.parse("x.csv", "a,b\n").rows()).isEqualTo(List.of());
    }
}
