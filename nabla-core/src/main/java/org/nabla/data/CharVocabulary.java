package org.nabla.data;

import java.util.Arrays;

/**
 * A character vocabulary: the distinct characters (UTF-16 units) of a text, sorted, each encoded as its rank —
 * the same ids as a sorted {@code set(text)} in Python for the characters of the Basic Multilingual Plane.
 */
public final class CharVocabulary {
    private final char[] chars;
    private final int[] index = new int[Character.MAX_VALUE + 1];

    private CharVocabulary(char[] sorted) {
        chars = sorted;
        Arrays.fill(index, -1);
        for (int i = 0; i < chars.length; i++) index[chars[i]] = i;
    }

    /** The characters of {@code text}. */
    public static CharVocabulary of(CharSequence text) {
        boolean[] seen = new boolean[Character.MAX_VALUE + 1];
        for (int i = 0; i < text.length(); i++) seen[text.charAt(i)] = true;
        StringBuilder b = new StringBuilder();
        for (int c = 0; c < seen.length; c++) if (seen[c]) b.append((char) c);
        return new CharVocabulary(b.toString().toCharArray());
    }

    /** The vocabulary whose characters, in id order, are {@code chars} (saved with a model: {@link #characters()}). */
    public static CharVocabulary ofCharacters(String chars) {
        char[] c = chars.toCharArray();
        for (int i = 1; i < c.length; i++)
            if (c[i] <= c[i - 1]) throw new IllegalArgumentException("CharVocabulary: characters must be distinct and sorted, got '" + chars + "'");
        return new CharVocabulary(c);
    }

    public int size() { return chars.length; }

    /** The characters in id order. */
    public String characters() { return new String(chars); }

    public boolean contains(char c) { return index[c] >= 0; }

    /** The id of every character; a character outside the vocabulary is refused, naming it and its position. */
    public int[] encode(CharSequence s) {
        int[] out = new int[s.length()];
        for (int i = 0; i < out.length; i++) {
            int v = index[s.charAt(i)];
            if (v < 0) throw new IllegalArgumentException("character " + describe(s.charAt(i)) + " at position " + i + " is not in the vocabulary");
            out[i] = v;
        }
        return out;
    }

    public String decode(int[] ids) {
        char[] out = new char[ids.length];
        for (int i = 0; i < ids.length; i++) out[i] = charOf(ids[i]);
        return new String(out);
    }

    public String decode(long[] ids) {
        char[] out = new char[ids.length];
        for (int i = 0; i < ids.length; i++) out[i] = charOf(ids[i]);
        return new String(out);
    }

    public char charOf(long id) {
        if (id < 0 || id >= chars.length) throw new IllegalArgumentException("CharVocabulary: id " + id + " outside 0.." + (chars.length - 1));
        return chars[(int) id];
    }

    /** 'x' (U+0078), or the code alone for a control character. */
    public static String describe(char c) {
        String code = String.format("U+%04X", (int) c);
        return Character.isISOControl(c) || Character.isWhitespace(c) ? code : "'" + c + "' (" + code + ")";
    }

    @Override public String toString() { return "CharVocabulary(" + chars.length + " characters)"; }
}
