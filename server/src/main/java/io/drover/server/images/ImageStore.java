package io.drover.server.images;

import io.drover.server.http.NameUnavailable;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** The {@code images} table. */
final class ImageStore {
    /** SQLSTATE of a unique-constraint violation, in H2 and PostgreSQL alike. */
    private static final String UNIQUE_VIOLATION = "23505";
    private static final RowMapper<StoredImage> IMAGE = (rs, ctx) -> new StoredImage(
            rs.getString("id"), rs.getString("name"), ImageFormat.fromWire(rs.getString("format")),
            rs.getLong("size_bytes"), rs.getLong("virtual_size_bytes"), rs.getString("sha256"), rs.getString("path"),
            ImageSource.fromWire(rs.getString("source")), rs.getLong("created_ms"), rs.getString("project"));

    private final Jdbi jdbi;

    ImageStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Stores a new image; {@link NameUnavailable} when the name is taken by a concurrent insert. */
    void insert(StoredImage image) {
        try {
            jdbi.useHandle(h -> h.createUpdate("""
                            INSERT INTO images (id, name, format, size_bytes, virtual_size_bytes, sha256, path, source, created_ms, project)
                            VALUES (:id, :name, :format, :size, :virtual, :sha256, :path, :source, :created, :project)""")
                    .bind("id", image.id()).bind("name", image.name()).bind("format", image.format().wire())
                    .bind("size", image.sizeBytes()).bind("virtual", image.virtualSizeBytes()).bind("sha256", image.sha256())
                    .bind("path", image.path()).bind("source", image.source().wire()).bind("created", image.createdMs()).bind("project", image.project())
                    .execute());
        } catch (UnableToExecuteStatementException e) {
            if (e.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                // A concurrent insert took it: whose it is, is not checked here, so say no more than that.
                throw new NameUnavailable(image.name());
            }
            throw e;
        }
    }

    /** The image whose id or name is {@code key} (names never have the form of an id, so at most one matches). */
    Optional<StoredImage> find(String key) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM images WHERE id = :key OR name = :key")
                .bind("key", key).map(IMAGE).findOne());
    }

    Optional<StoredImage> byName(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM images WHERE name = :name").bind("name", name).map(IMAGE).findOne());
    }

    /** Images in name order after {@code afterName} (exclusive; null for the first page), at most {@code limit}. */
    List<StoredImage> page(String afterName, Set<String> projects, int limit) {
        if (projects != null && projects.isEmpty()) return List.of();
        String where = "WHERE 1 = 1" + (afterName == null ? "" : " AND name > :afterName") + (projects == null ? "" : " AND project IN (<projects>)");
        return jdbi.withHandle(h -> {
            var q = h.createQuery("SELECT * FROM images " + where + " ORDER BY name LIMIT :limit")
                    .bind("afterName", afterName).bind("limit", limit);
            if (projects != null) q.bindList("projects", List.copyOf(projects));
            return q.map(IMAGE).list();
        });
    }

    boolean delete(String id) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM images WHERE id = :id").bind("id", id).execute()) == 1;
    }
}
