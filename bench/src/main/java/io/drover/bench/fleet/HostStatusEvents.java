package io.drover.bench.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The server's {@code host_status} events from a moment on ({@code GET /api/v1/events?type=host_status},
 * newest first, paged with {@code cursor}; at most 100 pages of 1,000), counted by the status each
 * one moves to ({@code "online -> suspect (host …)"}).
 */
final class HostStatusEvents {
    record Row(long atMs, String hostname, String message) {}

    private final List<Row> rows;

    private HostStatusEvents(List<Row> rows) {
        this.rows = rows;
    }

    static HostStatusEvents read(ServerApi api, long fromMs) throws Exception {
        List<Row> rows = new ArrayList<>();
        String cursor = null;
        pages:
        for (int page = 0; page < 100; page++) {
            JsonNode p = api.get("/api/v1/events?type=host_status&limit=1000"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            for (JsonNode e : p.path("items")) {
                long at = OffsetDateTime.parse(e.path("at").asText()).toInstant().toEpochMilli();
                if (at < fromMs) break pages; // newest first: everything after is older
                rows.add(new Row(at, e.path("hostname").asText(), e.path("message").asText()));
            }
            JsonNode next = p.path("next_cursor");
            if (!next.isTextual()) break;
            cursor = next.asText();
        }
        return new HostStatusEvents(rows);
    }

    HostStatusEvents since(long fromMs) {
        return new HostStatusEvents(rows.stream().filter(r -> r.atMs() >= fromMs).toList());
    }

    int size() {
        return rows.size();
    }

    long to(String status) {
        return rows.stream().filter(r -> r.message().contains("-> " + status + " ")).count();
    }

    long toSuspect() {
        return to("suspect");
    }

    long toOffline() {
        return to("offline");
    }

    String summary() {
        return String.format(Locale.ROOT, "%d (-> suspect %d, -> offline %d, -> online %d)", rows.size(), toSuspect(), toOffline(), to("online"));
    }

    /** The oldest {@code n} events, for the report. */
    void printSome(PrintStream out, int n) {
        List<Row> oldestFirst = new ArrayList<>(rows);
        Collections.reverse(oldestFirst);
        for (Row r : oldestFirst.subList(0, Math.min(n, oldestFirst.size()))) {
            out.printf(Locale.ROOT, "      %s %s: %s%n", Instant.ofEpochMilli(r.atMs()), r.hostname(), r.message());
        }
        if (oldestFirst.size() > n) out.printf(Locale.ROOT, "      … %d more%n", oldestFirst.size() - n);
    }
}
