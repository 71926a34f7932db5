package org.nabla.nn;

import java.math.BigDecimal;

/** Numbers written as Python's repr writes them, so that layer descriptions read like PyTorch's ("eps=1e-05"). */
final class PyRepr {
    private PyRepr() {}

    /** Python's repr of a float: the shortest round-trip digits, scientific below 1e-4 and from 1e16. */
    static String num(double v) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == 0) return (1 / v < 0) ? "-0.0" : "0.0";
        BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros(); // Double.toString gives the shortest digits
        int exp = d.precision() - d.scale() - 1; // the decimal exponent of the leading digit
        if (exp >= -4 && exp < 16) {
            String plain = d.toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String digits = d.unscaledValue().abs().toString();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (v < 0 ? "-" : "") + mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }

    /** Python's bool. */
    static String bool(boolean b) { return b ? "True" : "False"; }

    /** A shape as a Python tuple: (4,) or (3, 4). */
    static String tuple(int[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) sb.append(i > 0 ? ", " : "").append(shape[i]);
        return sb.append(shape.length == 1 ? ",)" : ")").toString();
    }
}
