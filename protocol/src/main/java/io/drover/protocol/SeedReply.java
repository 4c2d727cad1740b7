package io.drover.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The original tracker's reply shape: {@code {"status":"ok"|"error","message":"..."}}. */
public record SeedReply(@JsonProperty("status") String status, @JsonProperty("message") String message) {
    public static SeedReply ok(String message) {
        return new SeedReply("ok", message);
    }

    public static SeedReply error(String message) {
        return new SeedReply("error", message);
    }
}
