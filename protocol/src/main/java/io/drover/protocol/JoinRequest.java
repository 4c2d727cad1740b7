package io.drover.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What an agent presents once to join: the admin's join token, the host's name and a PEM PKCS#10
 * certificate signing request for the key the agent made (the key never leaves the host).
 */
public record JoinRequest(@JsonProperty("join_token") String joinToken, @JsonProperty("name") String name,
                          @JsonProperty("csr") String csr) {}
