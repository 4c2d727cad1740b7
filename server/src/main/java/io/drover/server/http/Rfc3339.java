package io.drover.server.http;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** RFC 3339 UTC timestamps with exactly three fraction digits, as every API response uses; and reading them back. */
public final class Rfc3339 {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Rfc3339() {}

    public static String format(long epochMillis) {
        return FORMAT.format(Instant.ofEpochMilli(epochMillis));
    }

    /**
     * The epoch milliseconds of an RFC 3339 timestamp with any offset and fraction, e.g. a query
     * parameter ({@code name} says which in the 400 when it is not one).
     */
    public static long parse(String name, String value) {
        try {
            return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new InvalidRequest(name + " must be an RFC 3339 time such as 2025-01-31T12:00:00Z, got: "
                    + (value.length() > 40 ? value.substring(0, 40) + "…" : value));
        }
    }
}
