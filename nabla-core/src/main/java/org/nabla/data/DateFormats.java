package org.nabla.data;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The ways {@link HumanDates} writes a date, through {@code java.time} formatting: English formats, numeric ones
 * (month before day with slashes — "05/03/99" is May 3 — day before month with dots, year first with dots, slashes
 * or nothing), ordinals ("May 3rd, 1999"), upper and lower case; and for every other locale its own long and full
 * styles ("3 mai 1999", "lundi 3 mai 1999"). Two-digit years stand for 1950–2049.
 */
final class DateFormats {
    private DateFormats() {}

    /** One way of writing a date. */
    record Format(String name, Function<LocalDate, String> writer) {
        String write(LocalDate d) { return writer.apply(d); }
    }

    private static final String[] ENGLISH_PATTERNS = {
            "d MMMM yyyy", "MM/dd/yy", "EEEE, MMMM d, yyyy", "yyyy.MM.dd", "d-MMM-yy", "MMM d, yyyy", "dd MMM yyyy", "dd.MM.yyyy",
            "EEE d MMM yyyy", "EEEE d MMMM yyyy", "yyyy-MM-dd", "MM/dd/yyyy", "M/d/yy", "yyyyMMdd", "MMMM d yyyy", "EEE, MMM d, ''yy",
            "EEEE, d MMMM yyyy", "yyyy/MM/dd", "d.M.yyyy", "MMMM d, yyyy"};

    /** Every format for the locales given; English first, always included. */
    static List<Format> formats(List<Locale> locales) {
        List<Format> out = new ArrayList<>();
        for (String p : ENGLISH_PATTERNS) out.add(pattern(p, Locale.ENGLISH));
        DateTimeFormatter shortUpper = DateTimeFormatter.ofPattern("dd MMM yyyy", Locale.ENGLISH), shortLower = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);
        out.add(new Format("DD MMM YYYY (upper case)", d -> shortUpper.format(d).toUpperCase(Locale.ROOT)));
        out.add(new Format("d mmm yyyy (lower case)", d -> shortLower.format(d).toLowerCase(Locale.ROOT)));
        DateTimeFormatter month = DateTimeFormatter.ofPattern("MMMM", Locale.ENGLISH);
        out.add(new Format("MMMM d<th>, yyyy", d -> month.format(d) + " " + ordinal(d.getDayOfMonth()) + ", " + d.getYear()));
        out.add(new Format("the d<th> of MMMM yyyy", d -> "the " + ordinal(d.getDayOfMonth()) + " of " + month.format(d) + " " + d.getYear()));
        for (Locale l : locales) {
            if (l.getLanguage().equals(Locale.ENGLISH.getLanguage())) continue;
            for (FormatStyle s : new FormatStyle[] {FormatStyle.LONG, FormatStyle.FULL}) {
                DateTimeFormatter f = DateTimeFormatter.ofLocalizedDate(s).withLocale(l);
                out.add(new Format(l.toLanguageTag() + " " + s.name().toLowerCase(Locale.ROOT), f::format));
            }
        }
        return List.copyOf(out);
    }

    private static Format pattern(String p, Locale l) {
        DateTimeFormatter f = DateTimeFormatter.ofPattern(p, l);
        return new Format(p, f::format);
    }

    /** 1st, 2nd, 3rd, 4th, ..., 11th, 12th, 13th, ..., 21st, ... */
    static String ordinal(int n) {
        String suffix = n % 100 >= 11 && n % 100 <= 13 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return n + suffix;
    }
}
