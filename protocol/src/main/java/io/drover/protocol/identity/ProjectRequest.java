package io.drover.protocol.identity;

import com.fasterxml.jackson.annotation.JsonProperty;

/** POST /api/v1/projects creates one; PATCH /api/v1/projects/{name} sets the description and quotas given. */
public record ProjectRequest(@JsonProperty("name") String name, @JsonProperty("description") String description,
                             @JsonProperty("quota") ProjectInfo.Quota quota) {}
