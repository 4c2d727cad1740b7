package io.drover.protocol.identity;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * POST /api/v1/users creates a local user (a password of 12+ characters, or none to have one
 * generated and returned once); PATCH /api/v1/users/{id} changes the fields given (null: unchanged).
 */
public record UserRequest(@JsonProperty("username") String username, @JsonProperty("password") String password,
                          @JsonProperty("role") String role, @JsonProperty("projects") List<String> projects,
                          @JsonProperty("disabled") Boolean disabled) {}
