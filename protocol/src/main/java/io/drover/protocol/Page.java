package io.drover.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A page of a listing; {@code next_cursor} is opaque and null on the last page. */
public record Page<T>(@JsonProperty("items") List<T> items, @JsonProperty("next_cursor") String nextCursor) {}
