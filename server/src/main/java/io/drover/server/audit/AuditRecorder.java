package io.drover.server.audit;

import io.drover.server.access.Permission;
import io.drover.server.access.Principal;
import io.drover.server.http.OneLine;
import io.drover.server.http.RequestRecorder;
import io.drover.server.http.Route;
import io.drover.server.store.Columns;
import io.javalin.http.HandlerType;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns answered requests into audit records. Recorded: every request to a route that can change
 * state, i.e. one whose permission is a write permission or whose method is not GET (that covers
 * login, logout and an agent joining, which anyone may call), whatever the outcome, including the
 * ones the guard refused. Not recorded: reads, and the tracker heartbeat
 * ({@link Permission#REGISTRATION}): thousands a second that only say "still here", kept in the
 * machines' own history. The agent's WebSocket is not a route and is not recorded either.
 */
final class AuditRecorder implements RequestRecorder {
    static final int MAX_DETAIL = 300;
    private static final int MAX_ACTOR = 256;
    private static final int MAX_TARGET = 512;
    private static final int MAX_PATH = 1024;
    /**
     * Drover's bearer secrets: a prefix (drv_, djt_, dhc_ …) then base64url. Bodies are never
     * recorded, so a password can only reach a record through a handler's message; none echoes one.
     */
    private static final Pattern SECRET = Pattern.compile("\\b(d[a-z]{2}_)[A-Za-z0-9_-]{8,}");
    private static final Pattern PARAM = Pattern.compile("\\{([^}/]+)}");
    private static final Pattern BEARER = Pattern.compile("(?i)bearer\\s+\\S+");

    private final AuditLog log;
    private final Clock clock;

    AuditRecorder(AuditLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    static boolean audited(Route route) {
        if (route.permission() == Permission.REGISTRATION) return false;
        return route.permission().write() || route.method() != HandlerType.GET;
    }

    @Override
    public void record(Answered a) {
        if (!audited(a.route())) return;
        log.append(toRecord(a));
    }

    AuditRecord toRecord(Answered a) {
        Principal caller = a.caller();
        String outcome = AuditRecord.outcomeOf(a.status());
        String actor = caller.actor();
        if (caller.kind() == Principal.Kind.ANONYMOUS) {
            String attempted = a.ctx().attribute(AuditNotes.ATTEMPTED_USER);
            if (attempted != null && !attempted.isBlank()) actor = attempted.trim();
        }
        String detail = outcome.equals(AuditRecord.OK) ? a.ctx().attribute(AuditNotes.DETAIL) : a.problem();
        String target = target(a.route().path(), a.pathParams());
        String address = caller.address() != null ? caller.address() : a.ctx().ip();
        return new AuditRecord(null, clock.millis(), OneLine.of(actor, MAX_ACTOR),
                caller.kind().name().toLowerCase(Locale.ROOT), caller.userId(), caller.tokenId(), caller.sessionId(), via(caller),
                address, a.route().method().name(), a.route().path(), Columns.clip(scrub(target), MAX_TARGET),
                Columns.clip(scrub(a.ctx().path()), MAX_PATH), a.status(), outcome, clipDetail(scrub(detail)));
    }

    /** The path parameters' values in the order the template names them, joined with '/', or null. */
    static String target(String template, Map<String, String> params) {
        if (params.isEmpty()) return null;
        StringJoiner out = new StringJoiner("/");
        Matcher m = PARAM.matcher(template);
        while (m.find()) {
            String value = params.get(m.group(1));
            if (value != null) out.add(value);
        }
        return out.length() == 0 ? null : out.toString();
    }

    static String via(Principal p) {
        return switch (p.kind()) {
            // A machine's tokenId is the registration token that vouches for it, not an API token.
            case MACHINE -> "registration";
            case ANONYMOUS -> "none";
            case USER, HOST -> p.sessionId() != null ? "session" : p.tokenId() != null ? "token" : "credential";
        };
    }

    /** Cuts out anything that looks like a secret: problem details and paths echo what callers sent. */
    static String scrub(String text) {
        if (text == null) return null;
        String out = BEARER.matcher(text).replaceAll("Bearer …");
        return SECRET.matcher(out).replaceAll("$1…");
    }

    private static String clipDetail(String detail) {
        return detail == null ? null : OneLine.of(detail, MAX_DETAIL);
    }
}
