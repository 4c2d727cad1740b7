package io.drover.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What an agent presents once to join: the admin's join token and the host's name. */
public record JoinRequest(@JsonProperty("join_token") String joinToken, @JsonProperty("name") String name) {}
