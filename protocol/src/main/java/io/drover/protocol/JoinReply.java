package io.drover.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The server's answer to a join: the host's id and the credential it uses from then on (shown once). */
public record JoinReply(@JsonProperty("host_id") String hostId, @JsonProperty("credential") String credential) {}
