package org.nabla.io;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader and writer with no dependency.
 *
 * <p>Parsing gives {@code Map<String, Object>} (a {@link LinkedHashMap}, keys in file order), {@code List<Object>},
 * {@link Double} for every number, {@link String}, {@link Boolean} and {@code null}. Besides standard JSON it
 * accepts {@code NaN}, {@code Infinity} and {@code -Infinity}, which Python's {@code json} module writes.
 * Duplicate keys, trailing commas, comments and nesting deeper than {@value #MAX_DEPTH} are rejected.
 * Integers are exact up to 2^53, the range of a double.
 *
 * <p>Writing accepts the same types, plus any {@link Number}, {@link Collection} and {@code Map} with string keys,
 * and writes non-finite doubles as {@code NaN} / {@code Infinity} / {@code -Infinity} like Python does.
 */
public final class Json {
    /** The deepest nesting of arrays and objects accepted, so hostile input cannot overflow the stack. */
    public static final int MAX_DEPTH = 512;

    private Json() {}

    /** Malformed input; {@link #offset()} is the character position where reading failed. */
    public static final class ParseException extends IllegalArgumentException {
        private final int offset;

        ParseException(String message, int offset) {
            super("Json: " + message + " at offset " + offset);
            this.offset = offset;
        }

        public int offset() { return offset; }
    }

    // ---------------------------------------------------------------- reading

    /** Parses one JSON value; only whitespace may follow it. */
    public static Object parse(String text) {
        Reader r = new Reader(text);
        r.skipWhitespace();
        Object value = r.value(0);
        r.skipWhitespace();
        if (r.pos < text.length()) throw r.error("unexpected " + r.describe(r.pos) + " after the value");
        return value;
    }

    /** Parses a JSON document whose top level must be an object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) {
        Object value = parse(text);
        if (!(value instanceof Map)) throw new ParseException("expected an object at the top level, got " + typeName(value), 0);
        return (Map<String, Object>) value;
    }

    private static final class Reader {
        final String s;
        int pos;

        Reader(String s) { this.s = s; }

        Object value(int depth) {
            if (pos >= s.length()) throw error("unexpected end of input, expected a value");
            char c = s.charAt(pos);
            return switch (c) {
                case '{' -> object(depth + 1);
                case '[' -> array(depth + 1);
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                case 'N' -> literal("NaN", Double.NaN);
                case 'I' -> literal("Infinity", Double.POSITIVE_INFINITY);
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) yield number();
                    throw error("unexpected " + describe(pos) + ", expected a value");
                }
            };
        }

        Map<String, Object> object(int depth) {
            checkDepth(depth);
            Map<String, Object> map = new LinkedHashMap<>();
            pos++; // '{'
            skipWhitespace();
            if (peek() == '}') {
                pos++;
                return map;
            }
            while (true) {
                skipWhitespace();
                if (peek() != '"') throw error("expected a string key");
                int keyAt = pos;
                String key = string();
                skipWhitespace();
                expect(':');
                skipWhitespace();
                Object v = value(depth);
                if (map.containsKey(key)) throw new ParseException("duplicate key \"" + key + "\"", keyAt);
                map.put(key, v);
                skipWhitespace();
                char c = peek();
                if (c != ',' && c != '}') throw error("expected ',' or '}'");
                pos++;
                if (c == '}') return map;
            }
        }

        List<Object> array(int depth) {
            checkDepth(depth);
            List<Object> list = new ArrayList<>();
            pos++; // '['
            skipWhitespace();
            if (peek() == ']') {
                pos++;
                return list;
            }
            while (true) {
                skipWhitespace();
                list.add(value(depth));
                skipWhitespace();
                char c = peek();
                if (c != ',' && c != ']') throw error("expected ',' or ']'");
                pos++;
                if (c == ']') return list;
            }
        }

        String string() {
            pos++; // opening quote
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (pos >= s.length()) throw error("unterminated string");
                char c = s.charAt(pos);
                if (c == '"') {
                    pos++;
                    return sb.toString();
                }
                if (c < 0x20) throw error("unescaped " + describe(pos) + " in a string");
                if (c != '\\') {
                    sb.append(c);
                    pos++;
                    continue;
                }
                if (pos + 1 >= s.length()) {
                    pos++;
                    throw error("unterminated string");
                }
                char e = s.charAt(pos + 1);
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        if (pos + 6 > s.length()) throw error("truncated \\u escape");
                        int code = 0;
                        for (int i = pos + 2; i < pos + 6; i++) {
                            int d = Character.digit(s.charAt(i), 16);
                            if (d < 0) throw error("invalid \\u escape (expected 4 hex digits)");
                            code = code * 16 + d;
                        }
                        sb.append((char) code);
                        pos += 4;
                    }
                    default -> throw error("invalid escape '\\" + e + "'");
                }
                pos += 2;
            }
        }

        /** -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, or -Infinity. */
        Double number() {
            int start = pos;
            if (peek() == '-') {
                pos++;
                if (s.startsWith("Infinity", pos)) {
                    pos += "Infinity".length();
                    return Double.NEGATIVE_INFINITY;
                }
            }
            if (peek() == '0') {
                pos++;
                if (isDigit(peek())) throw error("leading zeros are not allowed in a number");
            } else if (isDigit(peek())) {
                while (isDigit(peek())) pos++;
            } else {
                throw error("expected a digit");
            }
            if (peek() == '.') {
                pos++;
                if (!isDigit(peek())) throw error("expected a digit after the decimal point");
                while (isDigit(peek())) pos++;
            }
            if (peek() == 'e' || peek() == 'E') {
                pos++;
                if (peek() == '+' || peek() == '-') pos++;
                if (!isDigit(peek())) throw error("expected a digit in the exponent");
                while (isDigit(peek())) pos++;
            }
            return Double.parseDouble(s.substring(start, pos));
        }

        Object literal(String word, Object value) {
            if (!s.startsWith(word, pos)) throw error("unexpected " + describe(pos) + ", expected a value");
            pos += word.length();
            return value;
        }

        void expect(char c) {
            if (peek() != c) throw error("expected '" + c + "'");
            pos++;
        }

        void checkDepth(int depth) {
            if (depth > MAX_DEPTH) throw error("nesting deeper than " + MAX_DEPTH);
        }

        /** The current character, or 0 at the end (never valid where a specific character is expected). */
        char peek() { return pos < s.length() ? s.charAt(pos) : 0; }

        void skipWhitespace() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
                pos++;
            }
        }

        String describe(int at) {
            if (at >= s.length()) return "end of input";
            char c = s.charAt(at);
            return c < 0x20 || c == 0x7f ? String.format("character U+%04X", (int) c) : "character '" + c + "'";
        }

        ParseException error(String message) {
            if (pos >= s.length() && message.startsWith("expected")) message += " but reached the end of input";
            return new ParseException(message, pos);
        }

        static boolean isDigit(char c) { return c >= '0' && c <= '9'; }
    }

    // ---------------------------------------------------------------- writing

    /** Compact JSON: no whitespace between tokens. */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, -1, 0);
        return sb.toString();
    }

    /** Indented JSON (two spaces per level), like Python's {@code json.dumps(v, indent=2)}. */
    public static String writePretty(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 0, 0);
        return sb.toString();
    }

    /** indent < 0 means compact; otherwise the current indentation level. */
    private static void write(StringBuilder sb, Object value, int indent, int depth) {
        if (depth > MAX_DEPTH) throw new IllegalArgumentException("Json: nesting deeper than " + MAX_DEPTH + " (a cycle?)");
        switch (value) {
            case null -> sb.append("null");
            case String str -> quote(sb, str);
            case Boolean b -> sb.append(b);
            case Double d -> number(sb, d);
            case Float f -> number(sb, f.doubleValue());
            case Number n -> sb.append(n); // integers, BigDecimal, BigInteger: their toString is valid JSON
            case Map<?, ?> map -> {
                sb.append('{');
                int n = 0;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!(e.getKey() instanceof String key))
                        throw new IllegalArgumentException("Json: object keys must be strings, got " + typeName(e.getKey()));
                    beforeElement(sb, n++, indent);
                    quote(sb, key);
                    sb.append(indent < 0 ? ":" : ": ");
                    write(sb, e.getValue(), indent < 0 ? -1 : indent + 1, depth + 1);
                }
                close(sb, '}', n, indent);
            }
            case Collection<?> list -> {
                sb.append('[');
                int n = 0;
                for (Object element : list) {
                    beforeElement(sb, n++, indent);
                    write(sb, element, indent < 0 ? -1 : indent + 1, depth + 1);
                }
                close(sb, ']', n, indent);
            }
            default -> throw new IllegalArgumentException("Json: cannot write a " + typeName(value));
        }
    }

    /** The comma before every element but the first, and in pretty mode a new line indented one level deeper. */
    private static void beforeElement(StringBuilder sb, int index, int indent) {
        if (index > 0) sb.append(',');
        if (indent >= 0) sb.append('\n').append("  ".repeat(indent + 1));
    }

    /** An empty container stays on one line ("[]", "{}"). */
    private static void close(StringBuilder sb, char bracket, int count, int indent) {
        if (count > 0 && indent >= 0) sb.append('\n').append("  ".repeat(indent));
        sb.append(bracket);
    }

    /** Integral values print without a fraction ("3", not "3.0"); others with the shortest round-trip digits. */
    private static void number(StringBuilder sb, double d) {
        if (Double.isNaN(d)) sb.append("NaN");
        else if (Double.isInfinite(d)) sb.append(d > 0 ? "Infinity" : "-Infinity");
        else if (d == Math.rint(d) && Math.abs(d) < 1e15 && !(d == 0 && 1 / d < 0)) sb.append((long) d);
        else sb.append(d);
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    boolean pairedSurrogate = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                            || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
                    // Control characters, and lone surrogates (which UTF-8 cannot carry), as \\u escapes.
                    if (c < 0x20 || c == 0x7f || (Character.isSurrogate(c) && !pairedSurrogate)) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }

    private static String typeName(Object v) { return v == null ? "null" : v.getClass().getSimpleName(); }
}
