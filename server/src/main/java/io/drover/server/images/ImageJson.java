package io.drover.server.images;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.drover.server.http.Rfc3339;

/** An image as the API shows it; {@code path} only for images registered by path (an upload's file is Drover's business). */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ImageJson(
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("project") String project,
        @JsonProperty("format") String format,
        @JsonProperty("size_bytes") long sizeBytes,
        @JsonProperty("virtual_size_bytes") long virtualSizeBytes,
        @JsonProperty("sha256") String sha256,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("source") String source,
        @JsonProperty("path") String path) {

    static ImageJson of(StoredImage i) {
        return new ImageJson(i.id(), i.name(), i.project(), i.format().wire(), i.sizeBytes(), i.virtualSizeBytes(), i.sha256(),
                Rfc3339.format(i.createdMs()), i.source().wire(), i.source() == ImageSource.PATH ? i.path() : null);
    }
}
