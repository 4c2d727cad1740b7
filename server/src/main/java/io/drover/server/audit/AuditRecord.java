package io.drover.server.audit;

/**
 * One audit entry: who did what to which thing, when, and how it went.
 *
 * @param id        the store's sequence number (null until stored); newer records have larger ids
 * @param actor     the username, {@code host:<id>}, {@code machine} or {@code anonymous}; for a failed
 *                  login, the username that was tried
 * @param actorKind user, host, machine or anonymous
 * @param via       how the caller proved who they are: session, token, credential (admin or host
 *                  credential), registration, or none
 * @param route     the route template, e.g. {@code /api/v1/vms/{id}/stop}
 * @param target    the path parameters' values joined with {@code /} (e.g. the VM id), or null
 * @param path      the path as requested
 * @param outcome   ok (2xx/3xx), denied (401, 403, 429), failed (other 4xx) or error (5xx)
 * @param detail    the problem's detail when it did not succeed, clipped, with anything token-like cut out
 */
public record AuditRecord(Long id, long atMs, String actor, String actorKind, String userId, String tokenId, String sessionId,
                          String via, String address, String method, String route, String target, String path, int status,
                          String outcome, String detail) {
    public static final String OK = "ok";
    public static final String DENIED = "denied";
    public static final String FAILED = "failed";
    public static final String ERROR = "error";

    static String outcomeOf(int status) {
        if (status < 400) return OK;
        if (status == 401 || status == 403 || status == 429) return DENIED;
        if (status < 500) return FAILED;
        return ERROR;
    }
}
