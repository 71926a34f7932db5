package org.nabla.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nabla.tensor.Tensor;

class HumanDatesTest {
    private static final HumanDates SMALL = HumanDates.generate(HumanDates.Options.defaults().withSeed(5).withSizes(3000, 500));

    @Test
    void theFormatsWriteTheIssuesExamples() {
        LocalDate d = LocalDate.of(1999, 5, 3);
        List<String> written = DateFormats.formats(List.of()).stream().map(f -> f.write(d)).toList();
        assertThat(written).contains("3 May 1999", "05/03/99", "Monday, May 3, 1999", "1999.05.03", "May 3rd, 1999", "3-May-99", "03 MAY 1999",
                "the 3rd of May 1999", "Mon, May 3, '99", "19990503");
        LocalDate september = LocalDate.of(2001, 9, 23); // a long month name: no two formats write the same
        assertThat(DateFormats.formats(List.of()).stream().map(f -> f.write(september)).toList()).doesNotHaveDuplicates();
        List<String> french = DateFormats.formats(List.of(Locale.FRENCH, Locale.GERMAN)).stream().map(f -> f.write(d)).toList();
        assertThat(french).contains("3 mai 1999", "lundi 3 mai 1999", "3. Mai 1999", "Montag, 3. Mai 1999");
        assertThat(DateFormats.ordinal(1)).isEqualTo("1st");
        assertThat(DateFormats.ordinal(2)).isEqualTo("2nd");
        assertThat(DateFormats.ordinal(3)).isEqualTo("3rd");
        assertThat(DateFormats.ordinal(11)).isEqualTo("11th");
        assertThat(DateFormats.ordinal(12)).isEqualTo("12th");
        assertThat(DateFormats.ordinal(13)).isEqualTo("13th");
        assertThat(DateFormats.ordinal(22)).isEqualTo("22nd");
        assertThat(DateFormats.ordinal(31)).isEqualTo("31st");
    }

    @Test
    void aSeedReproducesThePairs() {
        HumanDates again = HumanDates.generate(HumanDates.Options.defaults().withSeed(5).withSizes(3000, 500));
        HumanDates other = HumanDates.generate(HumanDates.Options.defaults().withSeed(6).withSizes(3000, 500));
        assertThat(again.train()).isEqualTo(SMALL.train());
        assertThat(again.test()).isEqualTo(SMALL.test());
        assertThat(other.train()).isNotEqualTo(SMALL.train());
        Tensor a = SMALL.trainDataset().batch(new int[] {0, 7, 2999}).x(), b = again.trainDataset().batch(new int[] {0, 7, 2999}).x();
        assertThat(a.toLongArray()).containsExactly(b.toLongArray());
    }

    @Test
    void everyTargetIsTheIsoFormOfTheDayTheSourceWasWrittenFrom() {
        for (boolean train : new boolean[] {true, false}) {
            List<HumanDates.Example> examples = train ? SMALL.train() : SMALL.test();
            Dataset d = train ? SMALL.trainDataset() : SMALL.testDataset();
            int[] all = java.util.stream.IntStream.range(0, d.size()).toArray();
            Batch batch = d.batch(all);
            long[] src = batch.input(0).toLongArray(), dec = batch.input(1).toLongArray(), tgt = batch.y().toLongArray();
            int tin = SMALL.inputLength(), tout = HumanDates.OUTPUT_LENGTH;
            for (int i = 0; i < d.size(); i++) {
                HumanDates.Example e = examples.get(i);
                long[] target = java.util.Arrays.copyOfRange(tgt, i * tout, (i + 1) * tout);
                assertThat(LocalDate.parse(HumanDates.decodeOutput(target))).isEqualTo(e.date());
                assertThat(target[tout - 1]).isEqualTo(HumanDates.END);
                assertThat(dec[i * tout]).isEqualTo(HumanDates.START);
                for (int t = 1; t < tout; t++) assertThat(dec[i * tout + t]).isEqualTo(target[t - 1]);
                long[] source = java.util.Arrays.copyOfRange(src, i * tin, (i + 1) * tin);
                int len = e.human().length();
                assertThat(SMALL.inputVocabulary().decode(java.util.Arrays.copyOf(source, len))).isEqualTo(e.human());
                for (int t = len; t < tin; t++) assertThat(source[t]).isEqualTo(HumanDates.PAD);
                assertThat(e.date()).isBetween(HumanDates.FIRST, HumanDates.LAST);
            }
        }
    }

    @Test
    void theTestDaysNeverAppearInTraining() {
        Set<LocalDate> trainDays = new HashSet<>();
        Set<String> trainStrings = new HashSet<>();
        for (HumanDates.Example e : SMALL.train()) {
            assertThat(trainDays.add(e.date())).as("each training day once").isTrue();
            trainStrings.add(e.human());
        }
        for (HumanDates.Example e : SMALL.test()) {
            assertThat(trainDays).doesNotContain(e.date());
            assertThat(trainStrings).doesNotContain(e.human());
        }
        assertThat(SMALL.train()).hasSize(3000);
        assertThat(SMALL.test()).hasSize(500);
    }

    @Test
    void everyFormatIsDrawn() {
        Set<String> shapes = new HashSet<>();
        int formats = DateFormats.formats(List.of()).size();
        // each training string written again from its day in every format must match one of them
        List<DateFormats.Format> all = DateFormats.formats(List.of());
        for (HumanDates.Example e : SMALL.train())
            for (DateFormats.Format f : all)
                if (f.write(e.date()).equals(e.human())) shapes.add(f.name());
        assertThat(shapes).hasSize(formats);
    }

    @Test
    void otherLocalesAddTheirMonthNames() {
        HumanDates multi = HumanDates.generate(HumanDates.Options.defaults().withSizes(4000, 100).withLocales(List.of(Locale.FRENCH, Locale.GERMAN)));
        assertThat(multi.inputVocabulary().contains('é')).as("février, décembre").isTrue();
        assertThat(multi.inputVocabulary().contains('ä')).as("März").isTrue();
        assertThat(SMALL.inputVocabulary().contains('é')).isFalse();
        assertThat(multi.train().stream().map(HumanDates.Example::human).anyMatch(s -> s.matches(".*(janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre).*")))
                .isTrue();
    }

    @Test
    void theRegisteredSetHasTwoThousandTestDates() {
        DatasetSource source = Datasets.REGISTRY.get(HumanDates.NAME).source();
        DatasetSource.Loaded train = source.load(null, null, true), test = source.load(null, null, false);
        assertThat(train.data().size()).isEqualTo(20_000);
        assertThat(test.data().size()).isEqualTo(2_000);
        assertThat(train.classNames()).hasSize(HumanDates.outputVocabulary().size()).startsWith("<pad>", "<s>", "</s>", "-", "0");
        assertThat(train.data().inputs()).hasSize(2);
    }

    @Test
    void badInputIsRefusedInOneLine() {
        assertThatThrownBy(() -> SMALL.encodeInput("x".repeat(SMALL.inputLength() + 1))).hasMessageStartingWith("dates: '")
                .hasMessageContaining("more than the " + SMALL.inputLength());
        assertThatThrownBy(() -> SMALL.encodeInput("3 May 1999 ☃")).hasMessageContaining("is not in the vocabulary");
        assertThatThrownBy(() -> HumanDates.Options.defaults().withSizes(0, 10)).hasMessage("dates: the training size must be ≥ 1, got 0");
        assertThatThrownBy(() -> HumanDates.Options.defaults().withSizes(40_000, 2_000))
                .hasMessage("dates: 40000 + 2000 pairs need more days than the 36525 of 1950–2049");
    }
}
