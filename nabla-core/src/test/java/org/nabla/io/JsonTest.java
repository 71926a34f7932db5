package org.nabla.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonTest {

    @Test
    void parsesEveryKindOfValue() {
        Object v = Json.parse(" {\"s\": \"hi\", \"n\": -1.5e2, \"i\": 42, \"t\": true, \"f\": false, \"z\": null,"
                + " \"a\": [1, [2, {}], []], \"o\": {\"k\": \"v\"}} ");
        assertThat(v).isInstanceOf(LinkedHashMap.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) v;
        assertThat(m.keySet()).containsExactly("s", "n", "i", "t", "f", "z", "a", "o");
        assertThat(m.get("s")).isEqualTo("hi");
        assertThat(m.get("n")).isEqualTo(-150.0);
        assertThat(m.get("i")).isEqualTo(42.0);
        assertThat(m.get("t")).isEqualTo(true);
        assertThat(m.get("f")).isEqualTo(false);
        assertThat(m.containsKey("z")).isTrue();
        assertThat(m.get("z")).isNull();
        assertThat(m.get("a")).isEqualTo(List.of(1.0, List.of(2.0, Map.of()), List.of()));
        assertThat(m.get("o")).isEqualTo(Map.of("k", "v"));
    }

    @Test
    void parsesTopLevelScalars() {
        assertThat(Json.parse("3")).isEqualTo(3.0);
        assertThat(Json.parse("\"x\"")).isEqualTo("x");
        assertThat(Json.parse("null")).isNull();
        assertThat(Json.parse("\n[]\t")).isEqualTo(List.of());
    }

    @Test
    void parsesNumbersExactlyLikeJava() {
        assertThat(Json.parse("0")).isEqualTo(0.0);
        assertThat(Json.parse("-0")).isEqualTo(-0.0);
        assertThat(Json.parse("0.1")).isEqualTo(0.1);
        assertThat(Json.parse("1E3")).isEqualTo(1000.0);
        assertThat(Json.parse("2.5e-3")).isEqualTo(0.0025);
        assertThat(Json.parse("1e+2")).isEqualTo(100.0);
        assertThat(Json.parse("9007199254740992")).isEqualTo(9007199254740992.0);
        assertThat(Json.parse("1.7976931348623157e308")).isEqualTo(Double.MAX_VALUE);
    }

    @Test
    void acceptsPythonsNonFiniteNumbers() {
        assertThat(Json.parse("[NaN, Infinity, -Infinity]")).isEqualTo(
                List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
    }

    @Test
    void decodesEscapes() {
        assertThat(Json.parse("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"")).isEqualTo("a\"b\\c/d\b\f\n\r\t");
        assertThat(Json.parse("\"\\u00e9\\u00E9\\u0000\"")).isEqualTo("\u00e9\u00e9\u0000");
        // A surrogate pair written as two escapes is one code point.
        assertThat(Json.parse("\"\\ud83d\\ude00\"")).isEqualTo("\uD83D\uDE00");
        assertThat(Json.parse("\"raw \u00fc and \uD83D\uDE00\"")).isEqualTo("raw \u00fc and \uD83D\uDE00");
    }

    @Test
    void writesCompactAndPretty() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "w");
        m.put("shape", List.of(2, 3));
        m.put("empty", List.of());
        m.put("none", new LinkedHashMap<>());
        m.put("ok", true);
        m.put("x", null);
        assertThat(Json.write(m)).isEqualTo("{\"name\":\"w\",\"shape\":[2,3],\"empty\":[],\"none\":{},\"ok\":true,\"x\":null}");
        assertThat(Json.writePretty(m)).isEqualTo("""
                {
                  "name": "w",
                  "shape": [
                    2,
                    3
                  ],
                  "empty": [],
                  "none": {},
                  "ok": true,
                  "x": null
                }""");
    }

    @Test
    void writesNumbersInTheirShortestForm() {
        assertThat(Json.write(List.of(3.0, -2.0, 0.1, 1e-7, 1e20, -0.0, 0.0))).isEqualTo("[3,-2,0.1,1.0E-7,1.0E20,-0.0,0]");
        assertThat(Json.write(List.of(7, 8L, 0.5f))).isEqualTo("[7,8,0.5]");
        assertThat(Json.write(List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)))
                .isEqualTo("[NaN,Infinity,-Infinity]");
    }

    @Test
    void escapesWhatJsonRequires() {
        assertThat(Json.write("q\"b\\n\nt\tc\u0001d\u007f")).isEqualTo("\"q\\\"b\\\\n\\nt\\tc\\u0001d\\u007f\"");
        // Non-ASCII text stays as it is; a lone surrogate, which UTF-8 cannot carry, is escaped.
        assertThat(Json.write("\u00e9\uD83D\uDE00")).isEqualTo("\"\u00e9\uD83D\uDE00\"");
        assertThat(Json.write("a\uD83Db")).isEqualTo("\"a\\ud83db\"");
        assertThat(Json.parse(Json.write("a\uD83Db"))).isEqualTo("a\uD83Db");
    }

    @Test
    void roundTripsNestedValues() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("dtype", "F32");
        inner.put("data_offsets", List.of(0.0, 4096.0));
        inner.put("weird key \"\\\n\u2028", List.of(List.of(List.of()), Map.of()));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("layer.weight", inner);
        doc.put("values", List.of(0.1, -1e-300, 1.7976931348623157e308, Double.NaN, 12345678.0, -0.0));
        doc.put("flags", Arrays.asList(true, false, null));
        doc.put("text", "tab\there, quote\" and unicode \u00e9\u4e2d\uD83D\uDE00");
        assertThat(Json.parse(Json.write(doc))).isEqualTo(doc);
        assertThat(Json.parse(Json.writePretty(doc))).isEqualTo(doc);
        assertThat(Json.write(Json.parse(Json.write(doc)))).isEqualTo(Json.write(doc));
    }

    @Test
    void roundTripsDeepNestingUpToTheLimit() {
        String deep = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertThat(Json.write(Json.parse(deep))).isEqualTo(deep);
        assertThatThrownBy(() -> Json.parse("[" + deep + "]"))
                .isInstanceOf(Json.ParseException.class)
                .hasMessage("Json: nesting deeper than 512 at offset 512");
    }

    @Test
    void refusesToWriteCyclesAndUnknownTypes() {
        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        assertThatThrownBy(() -> Json.write(cycle)).hasMessageContaining("nesting deeper than 512");
        assertThatThrownBy(() -> Json.write(new Object())).hasMessage("Json: cannot write a Object");
        assertThatThrownBy(() -> Json.write(Map.of(1, 2))).hasMessage("Json: object keys must be strings, got Integer");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `{"a": 1 "b": 2}`  | Json: expected ',' or '}' at offset 8
            `[1 2]`            | Json: expected ',' or ']' at offset 3
            `{"a" 1}`          | Json: expected ':' at offset 5
            `{"a": 1,}`        | Json: expected a string key at offset 8
            `{a: 1}`           | Json: expected a string key at offset 1
            `[1,]`             | Json: unexpected character ']', expected a value at offset 3
            `[1, 2`            | Json: expected ',' or ']' but reached the end of input at offset 5
            `{"a": 1`          | Json: expected ',' or '}' but reached the end of input at offset 7
            `"`                | Json: unterminated string at offset 1
            `"abc`             | Json: unterminated string at offset 4
            `"a\\x"`           | Json: invalid escape '\\x' at offset 2
            `"\\u12g4"`        | Json: invalid \\u escape (expected 4 hex digits) at offset 1
            `"\\u12"`          | Json: truncated \\u escape at offset 1
            `01`               | Json: leading zeros are not allowed in a number at offset 1
            `1.`               | Json: expected a digit after the decimal point but reached the end of input at offset 2
            `.5`               | Json: unexpected character '.', expected a value at offset 0
            `-`                | Json: expected a digit but reached the end of input at offset 1
            `1e`               | Json: expected a digit in the exponent but reached the end of input at offset 2
            `tru`              | Json: unexpected character 't', expected a value at offset 0
            `nan`              | Json: unexpected character 'n', expected a value at offset 0
            `[1] x`            | Json: unexpected character 'x' after the value at offset 4
            `{"k": 1, "k": 2}` | Json: duplicate key "k" at offset 9
            """)
    void reportsMalformedInputWithItsOffset(String json, String message) {
        assertThatThrownBy(() -> Json.parse(json)).isInstanceOf(Json.ParseException.class).hasMessage(message);
    }

    @Test
    void reportsEmptyInput() {
        assertThatThrownBy(() -> Json.parse("")).hasMessage("Json: unexpected end of input, expected a value at offset 0");
        assertThatThrownBy(() -> Json.parse("  \n")).hasMessage("Json: unexpected end of input, expected a value at offset 3");
    }

    @Test
    void rejectsRawControlCharactersInStrings() {
        assertThatThrownBy(() -> Json.parse("\"a\nb\""))
                .isInstanceOf(Json.ParseException.class)
                .hasMessage("Json: unescaped character U+000A in a string at offset 2");
    }

    @Test
    void parseObjectInsistsOnAnObject() {
        assertThat(Json.parseObject("{\"a\": [1]}")).containsEntry("a", List.of(1.0));
        assertThatThrownBy(() -> Json.parseObject("[1]")).hasMessage("Json: expected an object at the top level, got ArrayList at offset 0");
    }

    @Test
    void parseExceptionCarriesTheOffset() {
        try {
            Json.parse("[1, 2, x]");
        } catch (Json.ParseException e) {
            assertThat(e.offset()).isEqualTo(7);
            return;
        }
        throw new AssertionError("expected a ParseException");
    }
}
