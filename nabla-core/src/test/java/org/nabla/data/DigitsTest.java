package org.nabla.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nabla.tensor.DType;
import org.junit.jupiter.api.Test;

class DigitsTest {

    @Test
    void loadsTheBundledDataset() {
        Digits d = Digits.load();
        assertThat(d.features().shape()).containsExactly(1797, 64);
        assertThat(d.features().dtype()).isEqualTo(DType.FLOAT32);
        assertThat(d.labels().shape()).containsExactly(1797);
        assertThat(d.labels().dtype()).isEqualTo(DType.INT64);
        assertThat(d.features().min().item()).isEqualTo(0.0);
        assertThat(d.features().max().item()).isEqualTo(1.0);
    }

    @Test
    void firstRowAndClassCountsMatchTheSource() {
        Digits d = Digits.load();
        int[] firstRow = {0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0, 0, 3, 15, 2, 0, 11, 8, 0, 0, 4, 12, 0, 0, 8, 8, 0,
                0, 5, 8, 0, 0, 9, 8, 0, 0, 4, 11, 0, 1, 12, 7, 0, 0, 2, 14, 5, 10, 12, 0, 0, 0, 0, 6, 13, 10, 0, 0, 0};
        float[] row = d.features().select(0, 0).toFloatArray();
        for (int i = 0; i < 64; i++) assertThat(row[i]).as("pixel %d", i).isEqualTo(firstRow[i] / 16f);
        assertThat(d.labels().get(0)).isEqualTo(0.0);
        long[] counts = new long[10];
        for (long label : d.labels().toLongArray()) counts[(int) label]++;
        assertThat(counts).containsExactly(178, 182, 177, 183, 181, 182, 181, 179, 174, 180);
    }

    @Test
    void bundledFileHasTheChecksumItsSourceNoteStates() throws Exception {
        String note;
        try (InputStream in = Digits.class.getResourceAsStream("/org/nabla/data/digits8x8/SOURCE.md")) {
            note = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher m = Pattern.compile("sha256\\*\\*: `([0-9a-f]{64})`").matcher(note);
        assertThat(m.find()).as("SOURCE.md states a sha256").isTrue();
        try (InputStream in = Digits.class.getResourceAsStream(Digits.RESOURCE)) {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(in.readAllBytes());
            assertThat(HexFormat.of().formatHex(hash)).isEqualTo(m.group(1));
        }
    }

    /** A well-formed file of 1797 rows in which the given line (1-based) is replaced. */
    private static String csvWithLine(int lineNumber, String replacement) {
        StringBuilder sb = new StringBuilder();
        String valid = "0," + "16,".repeat(63) + "7";
        for (int line = 1; line <= Digits.SAMPLES; line++) sb.append(line == lineNumber ? replacement : valid).append('\n');
        return sb.toString();
    }

    private static Digits read(String csv) throws IOException { return Digits.read(new StringReader(csv), "test.csv"); }

    @Test
    void readsAWellFormedFile() throws IOException {
        Digits d = read(csvWithLine(3, "1," + "0,".repeat(63) + "9"));
        assertThat(d.features().get(0, 1)).isEqualTo(1.0);
        assertThat(d.features().get(2, 0)).isEqualTo(1 / 16.0);
        assertThat(d.labels().get(2)).isEqualTo(9.0);
        assertThat(d.labels().get(3)).isEqualTo(7.0);
    }

    @Test
    void refusesAWrongNumberOfValues() {
        assertThatThrownBy(() -> read(csvWithLine(5, "1,2,3")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("test.csv line 5: expected 65 comma-separated integers, got 3");
    }

    @Test
    void refusesAPixelOutOfRange() {
        assertThatThrownBy(() -> read(csvWithLine(12, "0,17," + "0,".repeat(62) + "1")))
                .hasMessage("test.csv line 12: pixel 2 is 17, outside 0..16");
    }

    @Test
    void refusesALabelOutOfRange() {
        assertThatThrownBy(() -> read(csvWithLine(1797, "0,".repeat(64) + "10")))
                .hasMessage("test.csv line 1797: label is 10, outside 0..9");
    }

    @Test
    void refusesANonInteger() {
        assertThatThrownBy(() -> read(csvWithLine(2, "0,x," + "0,".repeat(62) + "1")))
                .hasMessage("test.csv line 2: value 2 ('x') is not an integer");
    }

    @Test
    void refusesTooFewOrTooManyRows() {
        String full = csvWithLine(0, "");
        String missingLast = full.substring(0, full.lastIndexOf('\n', full.length() - 2) + 1);
        assertThatThrownBy(() -> read(missingLast)).hasMessage("test.csv line 1797: file ends after 1796 rows, expected 1797");
        assertThatThrownBy(() -> read(full + "0,".repeat(64) + "1\n")).hasMessage("test.csv line 1798: more than 1797 rows");
    }
}
