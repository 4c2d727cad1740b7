package io.drover.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds schemas in an OpenAPI 3.0 document that a validator may let through but Swagger UI
 * cannot render: a schema written as a string (a quoted {@code "{type: string}"} is a string, not
 * a schema), a string keyword value that is such a quoted schema (a validator reads it as a plain
 * default or example), {@code properties} without {@code type}, and a key with no value (an
 * unquoted comma in a flow mapping, {@code {description: one, two}}, ends the description at
 * "one" and makes "two" a key).
 */
final class SpecSchemas {
    private static final Set<String> SCHEMA_KEYWORDS = Set.of("type", "$ref", "properties", "items", "nullable",
            "format", "enum", "allOf", "oneOf", "anyOf", "additionalProperties", "maxLength", "minLength", "pattern");
    private static final Set<String> TEXT_KEYWORDS = Set.of("default", "example", "description", "title");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final List<String> problems = new ArrayList<>();

    private SpecSchemas() {
    }

    /** One line per bad schema, each naming where it is (a JSON pointer). */
    static List<String> problems(JsonNode document) {
        SpecSchemas walk = new SpecSchemas();
        walk.document(document, "");
        return walk.problems;
    }

    /** Outside schemas: components.schemas and every {@code schema} key (parameters, media types, headers) hold one. */
    private void document(JsonNode node, String at) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) document(node.get(i), at + "/" + i);
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            String here = at + "/" + escape(key);
            if (key.startsWith("x-") || key.equals("example") || key.equals("examples")) continue;
            if (key.equals("schema")) {
                schema(field.getValue(), here);
            } else if (here.equals("/components/schemas")) {
                for (Iterator<Map.Entry<String, JsonNode>> named = field.getValue().fields(); named.hasNext(); ) {
                    Map.Entry<String, JsonNode> one = named.next();
                    schema(one.getValue(), here + "/" + escape(one.getKey()));
                }
            } else if (field.getValue().isContainerNode()) {
                document(field.getValue(), here);
            }
        }
    }

    private void schema(JsonNode schema, String at) {
        if (!schema.isObject()) {
            problems.add(at + ": a schema must be an object, this is " + describe(schema));
            return;
        }
        if (schema.has("$ref")) return; // siblings of $ref are ignored in 3.0
        if (schema.has("properties") && !schema.has("type")) problems.add(at + ": has properties but no type");
        for (Iterator<Map.Entry<String, JsonNode>> keys = schema.fields(); keys.hasNext(); ) {
            Map.Entry<String, JsonNode> key = keys.next();
            if (key.getValue().isNull()) {
                problems.add(at + ": the key \"" + key.getKey() + "\" has no value (an unquoted comma split a value?)");
            }
        }
        for (String keyword : TEXT_KEYWORDS) {
            JsonNode value = schema.get(keyword);
            if (value != null && value.isTextual() && quotedSchema(value.asText())) {
                problems.add(at + "/" + keyword + ": is the string " + describe(value) + ", a schema written in quotes");
            }
        }
        JsonNode properties = schema.get("properties");
        if (properties != null) {
            if (!properties.isObject()) {
                problems.add(at + "/properties: must map names to schemas, this is " + describe(properties));
            } else {
                for (Iterator<Map.Entry<String, JsonNode>> props = properties.fields(); props.hasNext(); ) {
                    Map.Entry<String, JsonNode> prop = props.next();
                    schema(prop.getValue(), at + "/properties/" + escape(prop.getKey()));
                }
            }
        }
        if (schema.has("items")) schema(schema.get("items"), at + "/items");
        if (schema.has("not")) schema(schema.get("not"), at + "/not");
        JsonNode additional = schema.get("additionalProperties");
        if (additional != null && !additional.isBoolean()) schema(additional, at + "/additionalProperties");
        for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
            JsonNode parts = schema.get(combinator);
            if (parts == null) continue;
            if (!parts.isArray()) {
                problems.add(at + "/" + combinator + ": must be a list of schemas, this is " + describe(parts));
                continue;
            }
            for (int i = 0; i < parts.size(); i++) schema(parts.get(i), at + "/" + combinator + "/" + i);
        }
    }

    /** Whether text is YAML flow mapping with a schema keyword in it, e.g. {@code {type: string, nullable: true}}. */
    static boolean quotedSchema(String text) {
        String t = text.trim();
        if (!t.startsWith("{") || !t.endsWith("}")) return false;
        JsonNode parsed;
        try {
            parsed = YAML.readTree(t);
        } catch (Exception notYaml) {
            return false;
        }
        if (parsed == null || !parsed.isObject()) return false;
        for (Iterator<String> keys = parsed.fieldNames(); keys.hasNext(); ) {
            if (SCHEMA_KEYWORDS.contains(keys.next())) return true;
        }
        return false;
    }

    private static String describe(JsonNode node) {
        return node.isTextual() ? "\"" + node.asText() + "\"" : node.getNodeType().name().toLowerCase() + " " + node;
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
