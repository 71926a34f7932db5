package org.nabla.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvDatasetTest {
    @TempDir Path dir;

    Path write(String text) throws IOException {
        Path f = dir.resolve("t.csv");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void headerAndLabelByName() throws IOException {
        Path f = write("a,species,b\n1.5,setosa,2\n3,virginica,-4e1\n\n5,setosa,6\n");
        CsvDataset.Table t = CsvDataset.load(f, CsvDataset.Options.defaults().withLabel("species"));
        assertThat(t.featureNames()).containsExactly("a", "b");
        assertThat(t.classNames()).containsExactly("setosa", "virginica");
        assertThat(Datasets.labels(t.dataset())).containsExactly(0, 1, 0);
        assertThat(Datasets.features(t.dataset())).containsExactly(1.5f, 2f, 3f, -40f, 5f, 6f);
    }

    @Test
    void noHeaderLabelByIndexAndIntegerLabels() throws IOException {
        Path f = write("2;0.5;1\n0;0.25;3\n");
        CsvDataset.Table t = CsvDataset.load(f, new CsvDataset.Options(false, "0", ';'));
        assertThat(t.classNames()).isEmpty();
        assertThat(Datasets.labels(t.dataset())).containsExactly(2, 0);
        assertThat(t.dataset().sampleShape()).containsExactly(2);
        assertThat(Datasets.features(t.dataset())).containsExactly(0.5f, 1f, 0.25f, 3f);
        assertThat(CsvDataset.load(f, new CsvDataset.Options(false, "-1", ';')).dataset().label(1)).isEqualTo(3);
    }

    @Test
    void numericLabelsThatAreNotClassIndicesAreRegressionTargets() throws IOException {
        Path f = write("a,b,y\n1,2,0.5\n3,4,-2\n5,6,7\n");
        CsvDataset.Table t = CsvDataset.load(f, CsvDataset.Options.defaults().withLabel("y"));
        assertThat(t.regression()).isTrue();
        assertThat(t.classNames()).isEmpty();
        assertThat(t.dataset().targetType()).isEqualTo(org.nabla.tensor.DType.FLOAT32);
        assertThat(t.dataset().batch(new int[] {0, 1, 2}).y().toFloatArray()).containsExactly(0.5f, -2f, 7f);
        assertThat(Datasets.features(t.dataset())).containsExactly(1f, 2f, 3f, 4f, 5f, 6f);
        assertThat(CsvDataset.load(write("a,y\n1,0\n2,1\n"), CsvDataset.Options.defaults()).regression()).isFalse();
    }

    @Test
    void badLinesAreNamedWithTheirLineNumber() throws IOException {
        Path f = write("x,y,label\n1,2,0\n1,oops,1\n");
        assertThatThrownBy(() -> CsvDataset.load(f, CsvDataset.Options.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(f + " line 3: column 'y' value 'oops' is not a number");
        Path g = write("x,y,label\n1,2,0\n1,2\n");
        assertThatThrownBy(() -> CsvDataset.load(g, CsvDataset.Options.defaults())).hasMessage(g + " line 3: expected 3 fields, got 2");
        assertThatThrownBy(() -> CsvDataset.load(g, CsvDataset.Options.defaults().withLabel("class")))
                .hasMessage(g + ": no column named 'class' in header [x, y, label]");
    }
}
