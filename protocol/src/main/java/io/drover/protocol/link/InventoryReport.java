package io.drover.protocol.link;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Agent → server, type {@code inventory}: every domain on the host, sent when the link opens, on
 * change and every few minutes. It is the whole truth: a Drover VM missing from it is absent.
 */
public record InventoryReport(@JsonProperty("type") String type, @JsonProperty("domains") List<DomainReport> domains) {
    public static final String TYPE = "inventory";

    public static InventoryReport of(List<DomainReport> domains) {
        return new InventoryReport(TYPE, domains);
    }
}
