package io.drover.server.http;

import io.javalin.http.Context;

/** The {@code limit} query parameter every listing shares: default 100, 1 to 1000. */
public final class Paging {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    private Paging() {}

    public static int limit(Context ctx) {
        String value = ctx.queryParam("limit");
        if (value == null || value.isEmpty()) return DEFAULT_LIMIT;
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) return limit;
        } catch (NumberFormatException ignored) {
            // falls through to the error below
        }
        throw new InvalidRequest("limit must be a whole number from 1 to " + MAX_LIMIT);
    }
}
