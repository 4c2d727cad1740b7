package io.drover.server.http;

import io.drover.protocol.Page;
import io.javalin.http.Context;
import java.util.List;
import java.util.function.Function;

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

    /**
     * A page of a listing read with {@code limit + 1} rows: the extra row only tells that another
     * page follows, whose cursor {@code cursorOf} makes from the last row shown.
     */
    public static <T, V> Page<V> page(List<T> rows, int limit, Function<T, String> cursorOf, Function<T, V> view) {
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            next = cursorOf.apply(rows.get(limit - 1));
        }
        return new Page<>(rows.stream().map(view).toList(), next);
    }
}
