package io.drover.server.tracker;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The {@code seen_log} table: when each known machine was last seen, stored as appended batches
 * rather than updates of its row (see V2__seen_log.sql for why). {@link #compact} replaces the
 * log by one snapshot of every machine, so it stays a small multiple of the machine count.
 */
final class SeenLog {
    /** Entries per row: keeps each row well under a megabyte (hostnames are at most 253 bytes). */
    static final int ENTRIES_PER_ROW = 2048;

    private long lastId;
    private long entriesSinceSnapshot;

    /** Reads the highest id so appends continue after it. */
    SeenLog(Jdbi jdbi) {
        this.lastId = jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(MAX(id), 0) FROM seen_log").mapTo(Long.class).one());
    }

    /** The newest last_seen per hostname in the log, to apply over the machines table at start. */
    static Map<String, Long> latest(Jdbi jdbi) {
        Map<String, Long> latest = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT entries FROM seen_log ORDER BY id")
                .map((rs, ctx) -> rs.getBytes(1))
                .forEach(bytes -> decode(bytes, (hostname, ms) -> latest.merge(hostname, ms, Math::max))));
        return latest;
    }

    /**
     * Appends the machines' last_seen. Ids taken by a transaction that then fails stay unused:
     * gaps are harmless, as is counting those entries toward the next compaction.
     */
    void append(Handle h, List<Machine> machines) {
        if (machines.isEmpty()) return;
        insert(h, machines);
        entriesSinceSnapshot += machines.size();
    }

    /** True when the log holds more than a couple of snapshots' worth of entries. */
    boolean wantsCompaction(int machineCount) {
        return entriesSinceSnapshot > Math.max(10_000L, 2L * machineCount);
    }

    /**
     * Writes every machine's current last_seen as a snapshot and deletes the rows before it. The
     * caller passes the live state, which is never older than any entry already logged.
     */
    void compact(Handle h, Collection<Machine> all) {
        long before = lastId + 1;
        insert(h, List.copyOf(all));
        h.createUpdate("DELETE FROM seen_log WHERE id < :before").bind("before", before).execute();
    }

    private void insert(Handle h, List<Machine> machines) {
        PreparedBatch batch = h.prepareBatch("INSERT INTO seen_log (id, entries) VALUES (?, ?)");
        for (int from = 0; from < machines.size(); from += ENTRIES_PER_ROW) {
            batch.bind(0, ++lastId).bind(1, encode(machines.subList(from, Math.min(machines.size(), from + ENTRIES_PER_ROW)))).add();
        }
        batch.execute();
    }

    /** Called once the compaction's transaction has committed. */
    void compacted() {
        entriesSinceSnapshot = 0;
    }

    interface EntryConsumer {
        void accept(String hostname, long lastSeenMs);
    }

    /** Format: entry count, then per entry the hostname (modified UTF-8) and last_seen_ms. */
    static byte[] encode(List<Machine> machines) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(machines.size() * 24);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(machines.size());
            for (Machine m : machines) {
                out.writeUTF(m.hostname());
                out.writeLong(m.lastSeenMs());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static void decode(byte[] entries, EntryConsumer consumer) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(entries))) {
            for (int i = in.readInt(); i > 0; i--) consumer.accept(in.readUTF(), in.readLong());
        } catch (IOException e) {
            throw new UncheckedIOException("seen_log holds a damaged row", e);
        }
    }
}
