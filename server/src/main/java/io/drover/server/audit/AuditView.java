package io.drover.server.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.drover.server.http.Rfc3339;

/** An audit record as the API shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record AuditView(
        @JsonProperty("id") long id,
        @JsonProperty("at") String at,
        @JsonProperty("actor") String actor,
        @JsonProperty("actor_kind") String actorKind,
        @JsonProperty("user_id") String userId,
        @JsonProperty("token_id") String tokenId,
        @JsonProperty("session_id") String sessionId,
        @JsonProperty("via") String via,
        @JsonProperty("address") String address,
        @JsonProperty("method") String method,
        @JsonProperty("route") String route,
        @JsonProperty("target") String target,
        @JsonProperty("path") String path,
        @JsonProperty("status") int status,
        @JsonProperty("outcome") String outcome,
        @JsonProperty("detail") String detail) {

    static AuditView of(AuditRecord r) {
        return new AuditView(r.id(), Rfc3339.format(r.atMs()), r.actor(), r.actorKind(), r.userId(), r.tokenId(), r.sessionId(),
                r.via(), r.address(), r.method(), r.route(), r.target(), r.path(), r.status(), r.outcome(), r.detail());
    }
}
