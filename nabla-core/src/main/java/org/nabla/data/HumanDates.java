package org.nabla.data;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * Dates written by people ("3 May 1999", "05/03/99", "Monday, May 3, 1999", "1999.05.03", "May 3rd, 1999",
 * "3-May-99", ...) paired with their ISO form ({@code 1999-05-03}): a seeded generator over the days of 1950–2049,
 * each written in one of {@link DateFormats}' ways, for sequence-to-sequence translation. The test dates are drawn
 * apart from the training dates, so no day of the test split appears in training in any format.
 *
 * <p>As a {@link Dataset} ({@link #trainDataset()}, {@link #testDataset()}): inputs the source characters' ids
 * padded with {@link #PAD} to {@link #inputLength()} and the decoder's input ({@link #START} then the ISO
 * characters), target the ISO characters then {@link #END}; each side has its own vocabulary, id 0 the padding.
 */
public final class HumanDates {
    /** Name in {@link Datasets#REGISTRY}. */
    public static final String NAME = "dates";
    /** Padding (both vocabularies), the decoder's start token and the end token (output vocabulary). */
    public static final int PAD = 0, START = 1, END = 2;
    /** The ISO form's length, and the decoder's sequences': that plus the start or end token. */
    public static final int ISO_LENGTH = 10, OUTPUT_LENGTH = ISO_LENGTH + 1;
    /** The first and last day drawn. */
    public static final LocalDate FIRST = LocalDate.of(1950, 1, 1), LAST = LocalDate.of(2049, 12, 31);

    private static final char PAD_CHAR = '\u0000', START_CHAR = '\u0002', END_CHAR = '\u0003';
    private static final CharVocabulary OUTPUT = CharVocabulary.ofCharacters("" + PAD_CHAR + START_CHAR + END_CHAR + "-0123456789");

    /**
     * What to generate.
     *
     * @param seed      seeds the choice of days and formats
     * @param trainSize training pairs (each a different day)
     * @param testSize  held-out pairs (days apart from the training ones)
     * @param locales   languages whose month and day names are written besides English (their long and full styles)
     */
    public record Options(long seed, int trainSize, int testSize, List<Locale> locales) {
        public Options {
            locales = List.copyOf(locales);
            long days = LAST.toEpochDay() - FIRST.toEpochDay() + 1;
            if (trainSize < 1) throw new IllegalArgumentException("dates: the training size must be ≥ 1, got " + trainSize);
            if (testSize < 1) throw new IllegalArgumentException("dates: the test size must be ≥ 1, got " + testSize);
            if ((long) trainSize + testSize > days)
                throw new IllegalArgumentException("dates: " + trainSize + " + " + testSize + " pairs need more days than the " + days + " of " + FIRST.getYear() + "–" + LAST.getYear());
        }

        /** Seed 0, 20,000 training and 2,000 test pairs, English only. */
        public static Options defaults() { return new Options(0, 20_000, 2_000, List.of()); }

        public Options withSeed(long s) { return new Options(s, trainSize, testSize, locales); }

        public Options withSizes(int train, int test) { return new Options(seed, train, test, locales); }

        public Options withLocales(List<Locale> l) { return new Options(seed, trainSize, testSize, l); }
    }

    /** One pair: the human form and the day it was written from. */
    public record Example(String human, LocalDate date) {
        public String iso() { return DateTimeFormatter.ISO_LOCAL_DATE.format(date); }
    }

    private final Options options;
    private final List<Example> train, test;
    private final CharVocabulary input;
    private final int inputLength;

    private HumanDates(Options options, List<Example> train, List<Example> test, CharVocabulary input, int inputLength) {
        this.options = options;
        this.train = train;
        this.test = test;
        this.input = input;
        this.inputLength = inputLength;
    }

    /** Draws the pairs: the days shuffled by the seed, the first {@code testSize} held out, each day in a random format. */
    public static HumanDates generate(Options options) {
        List<DateFormats.Format> formats = DateFormats.formats(options.locales());
        Generator gen = new Generator(options.seed());
        int days = (int) (LAST.toEpochDay() - FIRST.toEpochDay() + 1);
        int[] order = new int[days];
        for (int i = 0; i < days; i++) order[i] = i;
        int needed = options.testSize() + options.trainSize();
        for (int i = 0; i < needed; i++) { // a partial Fisher–Yates shuffle: the first `needed` days
            int j = i + (int) gen.nextLong(days - i), t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        List<Example> test = new ArrayList<>(), train = new ArrayList<>();
        for (int i = 0; i < needed; i++) {
            LocalDate d = FIRST.plusDays(order[i]);
            Example e = new Example(formats.get((int) gen.nextLong(formats.size())).write(d), d);
            (i < options.testSize() ? test : train).add(e);
        }
        Reference ref = reference(formats);
        return new HumanDates(options, List.copyOf(train), List.copyOf(test), ref.vocabulary, ref.maxLength);
    }

    /** The input vocabulary and longest input, from every format applied to every day of 2000 (all months and weekdays). */
    private record Reference(CharVocabulary vocabulary, int maxLength) {}

    private static Reference reference(List<DateFormats.Format> formats) {
        StringBuilder chars = new StringBuilder().append(PAD_CHAR).append("0123456789");
        int max = 0;
        for (LocalDate d = LocalDate.of(2000, 1, 1); d.getYear() == 2000; d = d.plusDays(1))
            for (DateFormats.Format f : formats) {
                String s = f.write(d);
                chars.append(s);
                max = Math.max(max, s.length());
            }
        return new Reference(CharVocabulary.of(chars), max);
    }

    public Options options() { return options; }

    public List<Example> train() { return train; }

    public List<Example> test() { return test; }

    /** The source characters (id 0 the padding). */
    public CharVocabulary inputVocabulary() { return input; }

    /** Padding, start, end, '-' and the digits. */
    public static CharVocabulary outputVocabulary() { return OUTPUT; }

    /** Sources are padded to this many characters: the longest any format writes. */
    public int inputLength() { return inputLength; }

    /** A source string as ids padded to {@link #inputLength()}; a character outside the vocabulary or a string too long is refused. */
    public long[] encodeInput(String human) {
        if (human.length() > inputLength)
            throw new IllegalArgumentException("dates: '" + human + "' has " + human.length() + " characters, more than the " + inputLength + " the model reads");
        if (human.indexOf(PAD_CHAR) >= 0) throw new IllegalArgumentException("dates: the input holds a NUL character");
        int[] ids = input.encode(human);
        long[] out = new long[inputLength];
        for (int i = 0; i < ids.length; i++) out[i] = ids[i];
        return out;
    }

    /** The ISO characters of output ids, stopping at the end token (padding and start tokens skipped). */
    public static String decodeOutput(long[] ids) {
        StringBuilder b = new StringBuilder();
        for (long id : ids) {
            if (id == END) break;
            if (id != PAD && id != START) b.append(OUTPUT.charOf(id));
        }
        return b.toString();
    }

    public Dataset trainDataset() { return dataset("dates-train", train); }

    public Dataset testDataset() { return dataset("dates-test", test); }

    /** Inputs: source ids [N, inputLength], decoder input [N, 11] (start, ISO); target: ISO then end [N, 11]. */
    private Dataset dataset(String name, List<Example> examples) {
        int n = examples.size();
        long[] src = new long[n * inputLength], dec = new long[n * OUTPUT_LENGTH], tgt = new long[n * OUTPUT_LENGTH];
        for (int i = 0; i < n; i++) {
            Example e = examples.get(i);
            System.arraycopy(encodeInput(e.human()), 0, src, i * inputLength, inputLength);
            int[] iso = OUTPUT.encode(e.iso());
            dec[i * OUTPUT_LENGTH] = START;
            for (int t = 0; t < ISO_LENGTH; t++) {
                dec[i * OUTPUT_LENGTH + t + 1] = iso[t];
                tgt[i * OUTPUT_LENGTH + t] = iso[t];
            }
            tgt[i * OUTPUT_LENGTH + ISO_LENGTH] = END;
        }
        return new TensorDataset(name, List.of(Tensor.of(src, n, inputLength), Tensor.of(dec, n, OUTPUT_LENGTH)), List.of(Tensor.of(tgt, n, OUTPUT_LENGTH)));
    }

    /** The output vocabulary's tokens as names: "<pad>", "<s>", "</s>", "-", "0" .. "9". */
    public static List<String> outputNames() {
        List<String> names = new ArrayList<>(List.of("<pad>", "<s>", "</s>"));
        for (char c : OUTPUT.characters().substring(3).toCharArray()) names.add(String.valueOf(c));
        return names;
    }

    /** The registered set: {@link Options#defaults()}, generated once per process. */
    public static HumanDates standard() { return Standard.DATES; }

    private static final class Standard {
        static final HumanDates DATES = generate(Options.defaults());
    }

    @Override
    public String toString() { return "HumanDates(" + train.size() + " train, " + test.size() + " test, " + input.size() + " input characters)"; }
}
