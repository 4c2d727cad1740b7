package io.drover.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Values as the stores keep them in plain columns: text clipped to its column's width, and small
 * structures (lists, a decision) as JSON text, which both H2 and PostgreSQL store the same way.
 */
public final class Columns {
    private final ObjectMapper mapper;

    public Columns(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** {@code s} cut to {@code max} characters (null stays null). */
    public static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    /** The JSON text of {@code value}, or null for null. */
    public String json(Object value) {
        if (value == null) return null;
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a stored value", e);
        }
    }

    /** A value read back from its JSON text, or null for null. */
    public <T> T fromJson(String json, TypeReference<T> type) {
        if (json == null) return null;
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored value is unreadable", e);
        }
    }
}
