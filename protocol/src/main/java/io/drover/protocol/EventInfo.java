package io.drover.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Something that happened to a tracked machine. {@code type} is one of {@code registered},
 * {@code offline}, {@code online} (came back), {@code removed} (unseen too long) and {@code deleted}.
 */
public record EventInfo(
        @JsonProperty("id") long id,
        @JsonProperty("at") String at,
        @JsonProperty("type") String type,
        @JsonProperty("hostname") String hostname,
        @JsonProperty("message") String message) {}
