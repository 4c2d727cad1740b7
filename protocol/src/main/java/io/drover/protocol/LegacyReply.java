package io.drover.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The original tracker's reply shape: {@code {"status":"ok"|"error","message":"..."}}. */
public record LegacyReply(@JsonProperty("status") String status, @JsonProperty("message") String message) {
    public static LegacyReply ok(String message) {
        return new LegacyReply("ok", message);
    }

    public static LegacyReply error(String message) {
        return new LegacyReply("error", message);
    }
}
