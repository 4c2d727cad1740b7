package io.drover.server.hosts;

import java.security.cert.X509Certificate;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** The {@code host_certificates} table: which serial was issued to which host, until when, and whether it is revoked. */
final class HostCertificates {
    /** What the store knows of one serial; {@code hostExists} is false once the host was removed. */
    record Issued(String hostId, long notAfterMs, Long revokedMs, boolean hostExists) {}

    private final Jdbi jdbi;

    HostCertificates(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    void record(Handle h, String hostId, X509Certificate cert, long nowMs) {
        h.createUpdate("""
                        INSERT INTO host_certificates (serial, host_id, issued_ms, not_after_ms)
                        VALUES (:serial, :host, :issued, :notAfter)""")
                .bind("serial", serial(cert)).bind("host", hostId).bind("issued", nowMs)
                .bind("notAfter", cert.getNotAfter().getTime())
                .execute();
    }

    void record(String hostId, X509Certificate cert, long nowMs) {
        jdbi.useHandle(h -> record(h, hostId, cert, nowMs));
    }

    Optional<Issued> find(String serial) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT c.host_id, c.not_after_ms, c.revoked_ms, h.id AS live
                        FROM host_certificates c LEFT JOIN hosts h ON h.id = c.host_id
                        WHERE c.serial = :serial""")
                .bind("serial", serial)
                .map((rs, ctx) -> new Issued(rs.getString("host_id"), rs.getLong("not_after_ms"),
                        rs.getObject("revoked_ms", Long.class), rs.getString("live") != null))
                .findOne());
    }

    /** Revokes every certificate of the host not yet revoked; returns how many. */
    int revokeAll(String hostId, long nowMs) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE host_certificates SET revoked_ms = :now WHERE host_id = :host AND revoked_ms IS NULL")
                .bind("now", nowMs).bind("host", hostId).execute());
    }

    static String serial(X509Certificate cert) {
        return cert.getSerialNumber().toString(16);
    }
}
