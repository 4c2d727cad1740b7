package io.drover.server.audit;

/**
 * What {@code GET /api/v1/audit} asks for; every filter may be null (no filter).
 *
 * @param beforeId only records older than this one (the paging cursor)
 * @param sinceMs  at or after this time
 * @param untilMs  before this time
 */
record AuditQuery(String actor, String route, String target, String outcome, String method, Long sinceMs, Long untilMs,
                  Long beforeId, int limit) { }
