package io.agentstore.internal.store;

import io.agentstore.internal.Failures;
import java.math.BigDecimal;

/**
 * JSON that PostgreSQL's {@code jsonb} cannot hold, refused on every engine before anything
 * reaches the database, so that a store's contract does not depend on where it runs:
 *
 * <ul>
 *   <li>the character U+0000, escaped ({@code \u0000}): jsonb's text cannot hold it;
 *   <li>an escaped surrogate that is not half of a pair ({@code \ud800} alone, a low surrogate
 *       first, a high one followed by anything but a low one): jsonb decodes escapes to UTF-8,
 *       which has no form for them (an unescaped one is refused by {@code Check.scan});
 *   <li>a number outside {@code numeric}, which jsonb stores numbers as: more than 131,072
 *       digits before the decimal point or 16,383 after it, counted after its exponent
 *       ({@code 1e400000}, {@code 1e-20000}), or an exponent too large to count;
 *   <li>a number whose plain form would be longer than {@value #MAX_NUMBER_CHARS} characters
 *       ({@code 1e1000}): jsonb keeps numbers in plain notation and gives them back so
 *       ({@code 1e131071} comes back as 131,072 digits), and the library's JSON reader takes
 *       numbers of at most that length, so such a value could be written and never read.
 * </ul>
 */
final class JsonbRules {

    /** numeric's limits: 131,072 digits before the decimal point, 16,383 after (PostgreSQL's numeric.c). */
    static final int MAX_INTEGER_DIGITS = 131_072;

    static final int MAX_FRACTION_DIGITS = 16_383;

    /** The longest number, in plain notation, that the library's JSON reader (Jackson's default) takes back. */
    static final int MAX_NUMBER_CHARS = 1_000;

    private JsonbRules() {}

    /** Refuses {@code text} (JSON) if jsonb would, naming {@code what} and the offending value. */
    static void check(String what, String text) {
        int n = text.length();
        boolean inString = false;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '"') {
                    inString = false;
                } else if (c == '\\' && i + 1 < n) {
                    char e = text.charAt(i + 1);
                    if (e == 'u' && i + 5 < n) {
                        i = escape(what, text, i);
                    } else {
                        i++; // \" \\ \/ \b \f \n \r \t
                    }
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '-' || (c >= '0' && c <= '9')) {
                int end = i + 1;
                while (end < n && "0123456789+-.eE".indexOf(text.charAt(end)) >= 0) {
                    end++;
                }
                number(what, text.substring(i, end));
                i = end - 1;
            }
        }
    }

    /** Checks the {@code \\uXXXX} escape at {@code at} (and the one after a high surrogate); returns the last index read. */
    private static int escape(String what, String text, int at) {
        int code = hex(text, at + 2);
        if (code == 0) {
            throw Failures.invalid(what
                    + " must not contain the character U+0000 (PostgreSQL cannot store it, so no engine takes it): "
                    + Check.quote(text));
        }
        if (Character.isLowSurrogate((char) code)) {
            throw unpaired(what, text, code);
        }
        if (Character.isHighSurrogate((char) code)) {
            int next = at + 6;
            if (next + 5 < text.length()
                    && text.charAt(next) == '\\'
                    && text.charAt(next + 1) == 'u'
                    && Character.isLowSurrogate((char) hex(text, next + 2))) {
                return next + 5;
            }
            throw unpaired(what, text, code);
        }
        return at + 5;
    }

    private static int hex(String text, int from) {
        try {
            return Integer.parseInt(text, from, from + 4, 16);
        } catch (NumberFormatException e) {
            return -1; // not an escape JSON allows; the parser has refused such text already
        }
    }

    private static RuntimeException unpaired(String what, String text, int code) {
        return Failures.invalid(what + " contains the escaped surrogate \\u" + String.format("%04x", code)
                + " without its other half (PostgreSQL cannot store it, so no engine takes it): " + Check.quote(text));
    }

    private static void number(String what, String token) {
        BigDecimal value;
        try {
            value = new BigDecimal(token);
        } catch (NumberFormatException | ArithmeticException e) {
            throw outOfRange(what, token);
        }
        // Zero has no digits before the point (jsonb writes 0, or 0.000… to its scale).
        long integerDigits = value.signum() == 0 ? 0 : (long) value.precision() - value.scale();
        long fractionDigits = Math.max(0, value.scale());
        long plain = (value.signum() < 0 || token.startsWith("-") ? 1 : 0)
                + Math.max(1, integerDigits)
                + (fractionDigits > 0 ? 1 + fractionDigits : 0);
        if (integerDigits > MAX_INTEGER_DIGITS || fractionDigits > MAX_FRACTION_DIGITS || plain > MAX_NUMBER_CHARS) {
            throw outOfRange(what, token);
        }
    }

    private static RuntimeException outOfRange(String what, String token) {
        return Failures.invalid(what + " holds the number " + Check.quote(token)
                + ", which PostgreSQL's jsonb cannot hold or would give back longer than " + MAX_NUMBER_CHARS
                + " characters in plain notation (so no engine takes it)");
    }
}
