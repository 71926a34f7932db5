package org.nabla.train.doctor;

import java.util.Locale;

/** How the doctor writes its figures: 3.1e-09, 45.2%, 10⁴×. */
final class Figures {
    private Figures() {}

    private static final String SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹";

    static String sci(double v) { return String.format(Locale.ROOT, "%.2g", v); }

    static String percent(double share) { return String.format(Locale.ROOT, "%.1f%%", 100 * share); }

    /** A ratio as a power of ten rounded down: 12,000 is "10⁴×". */
    static String powerOfTen(double ratio) {
        int e = (int) Math.floor(Math.log10(ratio));
        StringBuilder b = new StringBuilder("10");
        if (e < 0) b.append('⁻');
        for (char c : Integer.toString(Math.abs(e)).toCharArray()) b.append(SUPERSCRIPTS.charAt(c - '0'));
        return b.append('×').toString();
    }

    /** "layer '3' (Linear)" style names are the callers'; this one quotes a layer's dotted name. */
    static String layer(String name) { return "layer '" + name + "'"; }
}
