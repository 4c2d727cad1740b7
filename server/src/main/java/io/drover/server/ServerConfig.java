package io.drover.server;

import io.drover.server.identity.IdentitySettings;
import io.drover.server.store.Database;
import io.drover.server.tls.TlsSettings;
import io.drover.server.tracker.LivenessPolicy;
import io.drover.server.vms.VmSettings;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything the server is told at start. {@link Main} builds it from flags and
 * {@code DROVER_*} environment variables; tests build it directly.
 *
 * @param dbUrl     JDBC URL, or null for the embedded H2 file in {@code dataDir}
 * @param port      the HTTPS port (plain HTTP, if any, is {@code tls.httpPort()})
 * @param publicUrl the URL install.sh and links use, or null to derive it from each request
 * @param registrationToken required on {@code POST /api/register} when not null
 * @param imageDirs the directories images may be registered from by server path; none turns that off
 */
public record ServerConfig(
        String bind,
        int port,
        Path dataDir,
        String dbUrl,
        String dbUser,
        String dbPassword,
        String publicUrl,
        String registrationToken,
        LivenessPolicy liveness,
        VmSettings vms,
        IdentitySettings identity,
        TlsSettings tls,
        List<Path> imageDirs) {

    public ServerConfig {
        imageDirs = List.copyOf(imageDirs);
    }

    public static ServerConfig defaults(Path dataDir) {
        return new ServerConfig("0.0.0.0", 8443, dataDir, null, null, null, null, null, LivenessPolicy.defaults(), VmSettings.defaults(),
                IdentitySettings.defaults(), TlsSettings.defaults(), List.of());
    }

    public ServerConfig withBind(String value) {
        return new ServerConfig(value, port, dataDir, dbUrl, dbUser, dbPassword, publicUrl, registrationToken, liveness, vms, identity, tls, imageDirs);
    }

    public ServerConfig withPort(int value) {
        return new ServerConfig(bind, value, dataDir, dbUrl, dbUser, dbPassword, publicUrl, registrationToken, liveness, vms, identity, tls, imageDirs);
    }

    public ServerConfig withDb(String url, String user, String password) {
        return new ServerConfig(bind, port, dataDir, url, user, password, publicUrl, registrationToken, liveness, vms, identity, tls, imageDirs);
    }

    public ServerConfig withPublicUrl(String value) {
        return new ServerConfig(bind, port, dataDir, dbUrl, dbUser, dbPassword, value, registrationToken, liveness, vms, identity, tls, imageDirs);
    }

    public ServerConfig withRegistrationToken(String value) {
        return new ServerConfig(bind, port, dataDir, dbUrl, dbUser, dbPassword, publicUrl, value, liveness, vms, identity, tls, imageDirs);
    }

    public ServerConfig withLiveness(LivenessPolicy value) {
        return new ServerConfig(bind, port, dataDir, dbUrl, dbUser, dbPassword, publicUrl, registrationToken, value, vms, identity, tls, imageDirs);
    }

    public ServerConfig withVms(VmSettings value) {
        return new ServerConfig(bind, port, dataDir, dbUrl, dbUser, dbPassword, publicUrl, registrationToken, liveness, value, identity, tls, imageDirs);
    }

    public ServerConfig withIdentity(IdentitySettings value) {
        return new ServerConfig(bind, port, dataDir, dbUrl, dbUser, dbPassword, publicUrl, registrationToken, liveness, vms, value, tls, imageDirs);
    }

    public ServerConfig withTls(TlsSettings value) {
        return new ServerConfig(bind, port, dataDir, dbUrl, dbUser, dbPassword, publicUrl, registrationToken, liveness, vms, identity, value, imageDirs);
    }

    public ServerConfig withImageDirs(List<Path> value) {
        return new ServerConfig(bind, port, dataDir, dbUrl, dbUser, dbPassword, publicUrl, registrationToken, liveness, vms, identity, tls, value);
    }

    /** The JDBC URL actually used: the given one, else the embedded H2 file in the data dir. */
    public String effectiveDbUrl() {
        return dbUrl != null ? dbUrl : Database.embeddedUrl(dataDir);
    }
}
