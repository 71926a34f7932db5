package org.nabla.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * A text for character-level language modelling, read as strict UTF-8 and split by position: the first part trains,
 * the rest validates (a language model must not see the text it is validated on, so no shuffled split). Empty or
 * binary files are refused with one line naming the file.
 */
public record TextCorpus(String name, String text) {
    public static final String TINY_SHAKESPEARE = "tinyshakespeare";
    private static final String[] SHAKESPEARE_FILES = {"input.txt"};

    public TextCorpus {
        if (text.isEmpty()) throw new IllegalArgumentException(name + ": the text is empty");
    }

    /** Reads a UTF-8 text file; a file that is not UTF-8, holds NUL bytes or has no characters is refused. */
    public static TextCorpus load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + DataPaths.reason(e), e);
        }
        if (bytes.length == 0) throw new IllegalArgumentException(file + ": the file is empty: a corpus needs text");
        for (int i = 0; i < bytes.length; i++)
            if (bytes[i] == 0) throw new IllegalArgumentException(file + ": a NUL byte at offset " + i + ": this is a binary file, not text");
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (MalformedInputException e) {
            throw new IllegalArgumentException(file + ": not UTF-8 text (" + e.getInputLength() + " malformed byte(s)); convert it, e.g. iconv -t UTF-8");
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file + ": not UTF-8 text");
        }
        return new TextCorpus(file.getFileName().toString(), text);
    }

    /** Tiny Shakespeare (1,115,394 characters) from {@code $NABLA_DATA/tinyshakespeare/input.txt} or the system folders. */
    public static TextCorpus tinyShakespeare() {
        List<Path> dirs = DataPaths.searchPath(TINY_SHAKESPEARE);
        for (Path d : dirs) if (Files.isRegularFile(d.resolve("input.txt"))) return new TextCorpus(TINY_SHAKESPEARE, load(d.resolve("input.txt")).text());
        throw DataPaths.missing(TINY_SHAKESPEARE, dirs, SHAKESPEARE_FILES, "https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt");
    }

    /** The first {@code fraction} of the characters (training) and the rest (validation). */
    public Split split(double fraction) {
        if (!(fraction > 0 && fraction < 1)) throw new IllegalArgumentException("TextCorpus: the training fraction must be in (0, 1), got " + fraction);
        int cut = (int) Math.round(text.length() * fraction);
        if (cut < 2 || text.length() - cut < 2)
            throw new IllegalArgumentException(name + ": " + text.length() + " characters are too few to split " + fraction + " / " + (1 - fraction));
        return new Split(text.substring(0, cut), text.substring(cut));
    }

    /** Training and validation text. */
    public record Split(String train, String validation) {}
}
