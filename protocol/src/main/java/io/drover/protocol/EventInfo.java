package io.drover.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Something that happened to a tracked machine ({@code registered}, {@code offline},
 * {@code online} (came back), {@code removed} (unseen too long), {@code deleted}), a VM
 * ({@code vm_*}) or a host ({@code host_status}). {@code project} is the project of what it is
 * about; null for what is about no project (a host's status).
 */
public record EventInfo(
        @JsonProperty("id") long id,
        @JsonProperty("at") String at,
        @JsonProperty("type") String type,
        @JsonProperty("project") String project,
        @JsonProperty("hostname") String hostname,
        @JsonProperty("message") String message) {}
