package io.agentstore.internal.db.converters;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The one text format every timestamp of the schema is stored in:
 * {@code YYYY-MM-DDTHH:MM:SS.ffffffZ}, UTC, microseconds, always 27 characters.
 *
 * <p>Fixed width and a single zone make text order equal time order, which is what every
 * "newest first" index of the schema relies on. Column defaults produce the same shape
 * ({@code strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')}) and a CHECK on every timestamp column
 * refuses any other. Instants are truncated to microseconds; years outside 0000..9999 cannot
 * be represented and are refused.
 */
public final class Timestamps {

    /** Length of every stored timestamp. */
    public static final int LENGTH = 27;

    /** The earliest instant the format holds: the start of year 0000. */
    public static final Instant MIN = Instant.parse("0000-01-01T00:00:00Z");

    /** The latest instant the format holds: the last microsecond of year 9999. */
    public static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999Z");

    /** Whether an instant can be stored (years 0000..9999; finer than microseconds is truncated). */
    public static boolean storable(Instant instant) {
        return instant != null && !instant.isBefore(MIN) && !instant.isAfter(MAX);
    }

    private Timestamps() {}

    /** Formats an instant as stored text; refuses instants outside years 0000..9999. */
    public static String format(Instant instant) {
        if (instant == null) {
            throw new IllegalArgumentException("timestamp must not be null");
        }
        if (!storable(instant)) {
            throw new IllegalArgumentException("timestamp " + instant + " is outside years 0000..9999");
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        int year = t.getYear();
        char[] c = new char[LENGTH];
        put(c, 0, year, 4);
        c[4] = '-';
        put(c, 5, t.getMonthValue(), 2);
        c[7] = '-';
        put(c, 8, t.getDayOfMonth(), 2);
        c[10] = 'T';
        put(c, 11, t.getHour(), 2);
        c[13] = ':';
        put(c, 14, t.getMinute(), 2);
        c[16] = ':';
        put(c, 17, t.getSecond(), 2);
        c[19] = '.';
        put(c, 20, instant.getNano() / 1000, 6);
        c[26] = 'Z';
        return new String(c);
    }

    /** Parses stored text; anything but the one format is refused with the offending text. */
    public static Instant parse(String text) {
        if (text == null
                || text.length() != LENGTH
                || text.charAt(4) != '-'
                || text.charAt(7) != '-'
                || text.charAt(10) != 'T'
                || text.charAt(13) != ':'
                || text.charAt(16) != ':'
                || text.charAt(19) != '.'
                || text.charAt(26) != 'Z') {
            throw new IllegalArgumentException("not a stored timestamp (YYYY-MM-DDTHH:MM:SS.ffffffZ): '" + text + "'");
        }
        try {
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 2);
            int day = digits(text, 8, 2);
            int hour = digits(text, 11, 2);
            int minute = digits(text, 14, 2);
            int second = digits(text, 17, 2);
            int micros = digits(text, 20, 6);
            long epochDay = LocalDate.of(year, month, day).toEpochDay();
            if (hour > 23 || minute > 59 || second > 59) {
                throw new IllegalArgumentException("time out of range");
            }
            long epochSecond = epochDay * 86_400L + hour * 3_600L + minute * 60L + second;
            return Instant.ofEpochSecond(epochSecond, micros * 1_000L);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "not a stored timestamp (YYYY-MM-DDTHH:MM:SS.ffffffZ): '" + text + "'", e);
        }
    }

    /** The instant as it will read back after a round trip through the database. */
    public static Instant truncate(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    private static void put(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    private static int digits(String s, int at, int width) {
        int v = 0;
        for (int i = at; i < at + width; i++) {
            char ch = s.charAt(i);
            if (ch < '0' || ch > '9') {
                throw new IllegalArgumentException("not a digit at " + i);
            }
            v = v * 10 + (ch - '0');
        }
        return v;
    }
}
