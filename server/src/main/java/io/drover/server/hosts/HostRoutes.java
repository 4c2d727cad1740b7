package io.drover.server.hosts;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.protocol.CertificateRequest;
import io.drover.protocol.HostInfo;
import io.drover.protocol.JoinReply;
import io.drover.protocol.JoinRequest;
import io.drover.protocol.JoinToken;
import io.drover.protocol.link.HostSettings;
import io.drover.server.access.Permission;
import io.drover.server.access.Principal;
import io.drover.server.http.Bodies;
import io.drover.server.http.Cursor;
import io.drover.server.http.Forbidden;
import io.drover.server.http.InvalidRequest;
import io.drover.server.http.Paging;
import io.drover.server.http.Rfc3339;
import io.drover.server.http.Route;
import io.drover.server.projects.ProjectName;
import io.drover.server.projects.ProjectScope;
import io.drover.server.tls.SigningRequest;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** {@code /api/v1/hosts}: join tokens, joining, listing, settings, enable/disable, delete. */
final class HostRoutes {
    /** Optional body of a join-token request. */
    /** @param project dedicates the joining host to this project; absent: a host every project shares */
    record JoinTokenRequest(@JsonProperty("ttl_seconds") Long ttlSeconds, @JsonProperty("project") String project) {}

    private final Jdbi jdbi;
    private final HostStore hosts;
    private final HostLiveness liveness;
    private final JoinTokens joinTokens;
    private final AgentSessions sessions;
    private final HostDomains domains;
    private final CertificateIssuer issuer;
    private final HostCertificates certificates;
    private final JoinInstructions instructions;
    private final Clock clock;
    private final ObjectMapper mapper;

    HostRoutes(Jdbi jdbi, HostStore hosts, HostLiveness liveness, JoinTokens joinTokens, AgentSessions sessions, HostDomains domains,
               CertificateIssuer issuer, HostCertificates certificates, JoinInstructions instructions, Clock clock, ObjectMapper mapper) {
        this.issuer = issuer;
        this.certificates = certificates;
        this.instructions = instructions;
        this.jdbi = jdbi;
        this.hosts = hosts;
        this.liveness = liveness;
        this.joinTokens = joinTokens;
        this.sessions = sessions;
        this.domains = domains;
        this.clock = clock;
        this.mapper = mapper;
    }

    List<Route> routes() {
        return List.of(
                Route.post("/api/v1/hosts/join-tokens", Permission.HOSTS_WRITE, this::createJoinToken),
                Route.post("/api/v1/hosts/join", Permission.PUBLIC, this::join),
                Route.post("/api/v1/hosts/{id}/certificate", Permission.AGENT, this::renew),
                Route.get("/api/v1/hosts", Permission.HOSTS_READ, this::list),
                Route.get("/api/v1/hosts/{id}", Permission.HOSTS_READ, this::show),
                Route.patch("/api/v1/hosts/{id}", Permission.HOSTS_WRITE, this::update),
                Route.post("/api/v1/hosts/{id}/disable", Permission.HOSTS_WRITE, ctx -> setEnabled(ctx, false)),
                Route.post("/api/v1/hosts/{id}/enable", Permission.HOSTS_WRITE, ctx -> setEnabled(ctx, true)),
                Route.delete("/api/v1/hosts/{id}", Permission.HOSTS_WRITE, this::delete));
    }

    private void createJoinToken(Context ctx) {
        JoinTokenRequest request = Bodies.json(ctx, mapper, JoinTokenRequest.class, new JoinTokenRequest(null, null));
        Duration ttl = request.ttlSeconds() == null ? JoinTokens.DEFAULT_TTL : Duration.ofSeconds(request.ttlSeconds());
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(JoinTokens.MAX_TTL) > 0) {
            throw new InvalidRequest("ttl_seconds must be from 1 to " + JoinTokens.MAX_TTL.toSeconds());
        }
        long now = clock.millis();
        String project = request.project() == null ? null : ProjectName.check(request.project());
        String token = joinTokens.create(ttl, now, project);
        ctx.status(201).json(new JoinToken(token, Rfc3339.format(now + ttl.toMillis()), instructions.fingerprint(),
                instructions.command(ctx, token)));
    }

    private void join(Context ctx) {
        JoinRequest request = Bodies.json(ctx, mapper, JoinRequest.class, null);
        if (request == null || request.joinToken() == null || request.joinToken().isEmpty()) {
            throw new InvalidRequest("join_token is required");
        }
        String name = HostName.check(request.name());
        // Checked before the token is used, so a bad CSR does not cost the admin a token.
        SigningRequest csr = SigningRequest.parse(request.csr());
        long now = clock.millis();
        String id = UUID.randomUUID().toString();
        JoinReply reply = jdbi.inTransaction(h -> {
            String project = joinTokens.use(h, request.joinToken(), id, now);
            // After the token (no name is confirmed to a caller without one), in its transaction (refused, the token stays usable).
            if (!hosts.idsNamed(h, name).isEmpty()) throw new HostNameTaken(name);
            Host host = new Host(id, name, project, true, now, null, HostLiveness.DEFAULT_HEARTBEAT.toMillis(), null);
            hosts.insert(h, host);
            return issuer.issue(h, id, csr, now);
        });
        ctx.status(201).json(reply);
    }

    /** A new certificate for the calling agent's own host (over mutual TLS with its current one). */
    private void renew(Context ctx) {
        String id = ctx.pathParam("id");
        Principal caller = Principal.of(ctx);
        if (!id.equals(caller.subject())) throw new Forbidden("an agent may renew only its own host's certificate");
        CertificateRequest request = Bodies.json(ctx, mapper, CertificateRequest.class, null);
        SigningRequest csr = SigningRequest.parse(request == null ? null : request.csr());
        long now = clock.millis();
        find(id);
        // The current certificate stays valid until it expires: the agent's open link and downloads still use it.
        ctx.json(jdbi.inTransaction(h -> issuer.issue(h, id, csr, now)));
    }

    private void list(Context ctx) {
        int limit = Paging.limit(ctx);
        String[] after = Cursor.decodePair(ctx.queryParam("cursor"));
        // A host dedicated to another project is that project's business: not listed, not shown.
        Set<String> projects = ProjectScope.of(Principal.of(ctx), null);
        List<Host> rows = after == null ? hosts.page(null, null, limit + 1, projects) : hosts.page(after[0], after[1], limit + 1, projects);
        long now = clock.millis();
        Map<String, HostStore.Allocation> allocated = hosts.allocations();
        ctx.json(Paging.page(rows, limit, r -> Cursor.encode(r.name(), r.id()), h -> info(h, allocated, now, false)));
    }

    private void show(Context ctx) {
        Host host = find(ctx.pathParam("id"));
        if (host.project() != null && !Principal.of(ctx).inProject(host.project())) throw new HostNotFound(host.id());
        ctx.json(info(host, hosts.allocations(), clock.millis(), true));
    }

    private void setEnabled(Context ctx, boolean enabled) {
        String id = ctx.pathParam("id");
        if (!hosts.setEnabled(id, enabled)) throw new HostNotFound(id);
        ctx.json(info(find(id), hosts.allocations(), clock.millis(), true));
    }

    /**
     * The operator's settings for a host: {@code accel} ({@code auto}, {@code kvm}, {@code tcg}, or
     * null to leave it to the agent's --accel). Stored, then sent to the agent if it is linked here
     * (else it gets them when it links); VMs made from then on get it, and a stopped VM at its next start.
     */
    private void update(Context ctx) {
        String id = ctx.pathParam("id");
        JsonNode body = Bodies.json(ctx, mapper, JsonNode.class, null);
        if (body == null || !body.isObject() || !body.has("accel")) throw new InvalidRequest("give accel: auto, kvm, tcg or null");
        body.fieldNames().forEachRemaining(field -> {
            if (!field.equals("accel")) throw new InvalidRequest("unknown field " + field + "; a host's settings are: accel");
        });
        JsonNode accel = body.get("accel");
        if (!accel.isNull() && !(accel.isTextual() && ACCELS.contains(accel.asText()))) {
            throw new InvalidRequest("accel must be auto, kvm, tcg or null");
        }
        String setting = accel.isNull() ? null : accel.asText();
        if (!hosts.setAccel(id, setting)) throw new HostNotFound(id);
        sessions.send(id, HostSettings.of(setting));
        ctx.json(info(find(id), hosts.allocations(), clock.millis(), true));
    }

    private static final Set<String> ACCELS = Set.of("auto", "kvm", "tcg");

    private void delete(Context ctx) {
        String id = ctx.pathParam("id");
        String force = ctx.queryParam("force");
        if (force != null && !force.equals("true") && !force.equals("false")) throw new InvalidRequest("force must be true or false");
        find(id);
        int vms = domains.vmsOn(id);
        if (vms > 0 && !"true".equals(force)) throw new HostHasVms(id, vms);
        // Revoked first: from here on its certificate opens nothing, then the row and the live link go.
        certificates.revokeAll(id, clock.millis());
        if (!hosts.delete(id)) throw new HostNotFound(id);
        sessions.drop(id, "this host was removed");
        if (vms > 0) domains.hostRemoved(id);
        ctx.status(204);
    }

    private Host find(String id) {
        return hosts.get(id).orElseThrow(() -> new HostNotFound(id));
    }

    /** The API view of a host; {@code detailed} adds the foreign domains. */
    private HostInfo info(Host h, Map<String, HostStore.Allocation> allocations, long now, boolean detailed) {
        HostStore.Allocation a = allocations.getOrDefault(h.id(), HostStore.Allocation.NONE);
        Host.Facts f = h.facts();
        return new HostInfo(h.id(), h.name(), h.project(), liveness.of(h, now).wire(), h.enabled(), a.vms(),
                Rfc3339.format(h.joinedMs()), h.lastHeartbeatMs() == null ? null : Rfc3339.format(h.lastHeartbeatMs()),
                f == null ? null : new HostInfo.Resources(f.cpus(), f.memoryMib(), f.diskTotalGib()),
                new HostInfo.Resources(a.cpus(), a.memoryMib(), a.diskGib()),
                f == null ? null : new HostInfo.Facts(f.hostname(), f.cpuModel(), f.diskFreeGib(), f.libvirtVersion(),
                        f.qemuVersion(), f.accel(), f.accelReason(), f.addresses(), Rfc3339.format(f.reportedMs())),
                h.accelSetting(), h.warning(), detailed ? domains.foreign(h.id()) : null);
    }
}
