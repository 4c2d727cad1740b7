package io.drover.tracker;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

/**
 * Go's {@code time.ParseDuration} and {@code Duration.String}, so the flags people already
 * pass to the Go tracker ({@code 30s}, {@code 1m}, {@code 1h30m}, {@code 500ms}) keep working.
 */
final class GoDuration {

    private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
            "ns", 1L,
            "us", 1_000L,
            "\u00b5s", 1_000L, // micro sign, as Go prints it
            "\u03bcs", 1_000L, // Greek mu, which Go also accepts
            "ms", 1_000_000L,
            "s", 1_000_000_000L,
            "m", 60_000_000_000L,
            "h", 3_600_000_000_000L);

    private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

    private GoDuration() {
    }

    /** Parses {@code [-+]?([0-9]*(\.[0-9]*)?[a-z]+)+} or a bare {@code 0}. */
    static Duration parse(String text) {
        String s = text;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw invalid(text);
        }
        BigDecimal total = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int numberStart = i;
            while (i < s.length() && isNumberChar(s.charAt(i))) {
                i++;
            }
            String number = s.substring(numberStart, i);
            if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
                throw invalid(text);
            }
            int unitStart = i;
            while (i < s.length() && !isNumberChar(s.charAt(i))) {
                i++;
            }
            String unit = s.substring(unitStart, i);
            Long nanosPerUnit = NANOS_PER_UNIT.get(unit);
            if (nanosPerUnit == null) {
                throw new IllegalArgumentException(unit.isEmpty()
                        ? "missing unit in duration \"" + text + "\" (use ns, us, ms, s, m or h)"
                        : "unknown unit \"" + unit + "\" in duration \"" + text + "\" (use ns, us, ms, s, m or h)");
            }
            total = total.add(new BigDecimal(number.endsWith(".") ? number + "0" : number)
                    .multiply(BigDecimal.valueOf(nanosPerUnit)));
            if (total.compareTo(MAX_NANOS) > 0) {
                throw new IllegalArgumentException("duration \"" + text + "\" is too large");
            }
        }
        long nanos = total.longValue(); // truncates sub-nanosecond fractions, as Go does
        return Duration.ofNanos(negative ? -nanos : nanos);
    }

    /** Formats like Go: {@code 500ms}, {@code 5s}, {@code 1m0s}, {@code 1h30m0s}. */
    static String format(Duration duration) {
        long nanos = duration.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        String sign = nanos < 0 ? "-" : "";
        long u = Math.abs(nanos);
        if (u < 1_000L) {
            return sign + u + "ns";
        }
        if (u < 1_000_000L) {
            return sign + decimal(u, 1_000L) + "\u00b5s";
        }
        if (u < 1_000_000_000L) {
            return sign + decimal(u, 1_000_000L) + "ms";
        }
        long hours = u / 3_600_000_000_000L;
        long minutes = u % 3_600_000_000_000L / 60_000_000_000L;
        long secondNanos = u % 60_000_000_000L;
        StringBuilder out = new StringBuilder(sign);
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            out.append(minutes).append('m');
        }
        return out.append(decimal(secondNanos, 1_000_000_000L)).append('s').toString();
    }

    private static boolean isNumberChar(char c) {
        return (c >= '0' && c <= '9') || c == '.';
    }

    private static String decimal(long value, long unit) {
        return BigDecimal.valueOf(value).divide(BigDecimal.valueOf(unit)).stripTrailingZeros().toPlainString();
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("invalid duration \"" + text + "\" (examples: 30s, 1m, 500ms, 1h30m)");
    }
}
