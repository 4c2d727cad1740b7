package io.drover.protocol.link;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A base image as an agent needs it: fetched once from {@code url} (a path on the server, asked
 * with the host credential), checked against {@code sha256}, cached by it. {@code format}:
 * {@code qcow2}, {@code raw} or {@code iso}.
 */
public record ImageRef(
        @JsonProperty("id") String id,
        @JsonProperty("sha256") String sha256,
        @JsonProperty("format") String format,
        @JsonProperty("size_bytes") long sizeBytes,
        @JsonProperty("virtual_size_bytes") long virtualSizeBytes,
        @JsonProperty("url") String url) {}
