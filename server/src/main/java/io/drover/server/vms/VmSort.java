package io.drover.server.vms;

import io.drover.server.http.Cursor;
import io.drover.server.http.InvalidRequest;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The orders {@code GET /api/v1/vms} lists VMs in ({@code sort}). Each is a keyset on an index
 * (the unique name, or {@code vms_created} on created time then name), so a page is an index
 * range whichever order, and the cursor is the last row's key.
 */
enum VmSort {
    NAME("name", "name > :afterName", "name"),
    NAME_DESC("-name", "name < :afterName", "name DESC"),
    CREATED("created", "(created_ms > :afterCreated OR (created_ms = :afterCreated AND name > :afterName))", "created_ms, name"),
    CREATED_DESC("-created", "(created_ms < :afterCreated OR (created_ms = :afterCreated AND name < :afterName))",
            "created_ms DESC, name DESC");

    /** Where a page starts: after this row's key. */
    record Key(String name, long createdMs) {}

    private final String wire;
    private final String after;
    private final String orderBy;

    VmSort(String wire, String after, String orderBy) {
        this.wire = wire;
        this.after = after;
        this.orderBy = orderBy;
    }

    /** The SQL condition for rows after the key, binding {@code :afterName} and {@code :afterCreated}. */
    String after() {
        return after;
    }

    String orderBy() {
        return orderBy;
    }

    private boolean byCreated() {
        return this == CREATED || this == CREATED_DESC;
    }

    static VmSort parse(String value) {
        if (value == null || value.isEmpty()) return NAME;
        for (VmSort s : values()) if (s.wire.equals(value)) return s;
        throw new InvalidRequest("sort must be one of " + Arrays.stream(values()).map(s -> s.wire).collect(Collectors.joining(", ")));
    }

    /** The cursor after vm; by name it is the name alone, as before sorts existed, so older cursors still work. */
    String cursor(String name, long createdMs) {
        return byCreated() ? Cursor.encode(Long.toString(createdMs), name) : Cursor.encode(name);
    }

    /** The key in a cursor of this sort; null for none; 400 for a cursor of another sort or not ours. */
    Key key(String cursor) {
        if (!byCreated()) {
            String name = Cursor.decode(cursor);
            return name == null ? null : new Key(name, 0);
        }
        String[] pair = Cursor.decodePair(cursor);
        if (pair == null) return null;
        try {
            return new Key(pair[1], Long.parseLong(pair[0]));
        } catch (NumberFormatException e) {
            throw Cursor.invalid();
        }
    }
}
