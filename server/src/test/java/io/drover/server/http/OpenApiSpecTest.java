package io.drover.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.drover.server.access.Permission;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestStores;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spec in the repo is one that OpenAPI tools read without complaint (Swagger UI shows
 * "Could not render" for what they reject), and it agrees with the routes the server registers,
 * route for route and on who may call them.
 */
class OpenApiSpecTest {
    @TempDir
    Path tmp;

    private static String spec() {
        return new String(ApiDocs.resource(ApiDocs.SPEC_RESOURCE), StandardCharsets.UTF_8);
    }

    @Test
    void anOpenApi3ValidatorFindsNoErrorOrWarning() {
        List<String> messages = validatorMessages(spec());
        messages.forEach(m -> System.out.println("openapi.yaml: " + m));
        assertThat(messages).as("swagger-parser's errors and warnings on openapi.yaml").isEmpty();
    }

    @Test
    void everySchemaIsAnObjectWithItsTypeAndNoStrayKeys() throws Exception {
        List<String> problems = SpecSchemas.problems(new ObjectMapper(new YAMLFactory()).readTree(spec()));
        problems.forEach(p -> System.out.println("openapi.yaml: " + p));
        assertThat(problems).as("schemas that Swagger UI cannot render").isEmpty();
    }

    /**
     * The checks above catch the defect a new user hit (a project's description written as the
     * string "{type: string, nullable: true}") and its kin, including the quoted default that the
     * validator alone takes for a plain string.
     */
    @Test
    void theChecksCatchSchemasWrittenAsStrings() throws Exception {
        String bad = """
                openapi: 3.0.3
                info: {title: t, version: "1"}
                paths: {}
                components:
                  schemas:
                    Project:
                      type: object
                      properties:
                        description: "{type: string, nullable: true}"
                        note: {type: string, default: "{type: string, maxLength: 1000}"}
                        totp: {type: string, description: a code, when two-factor is on}
                    Untyped:
                      properties:
                        name: {type: string}
                """;
        assertThat(validatorMessages(bad)).isNotEmpty();
        assertThat(SpecSchemas.problems(new ObjectMapper(new YAMLFactory()).readTree(bad))).containsExactlyInAnyOrder(
                "/components/schemas/Project/properties/description: a schema must be an object, this is \"{type: string, nullable: true}\"",
                "/components/schemas/Project/properties/note/default: is the string \"{type: string, maxLength: 1000}\", a schema written in quotes",
                "/components/schemas/Project/properties/totp: the key \"when two-factor is on\" has no value (an unquoted comma split a value?)",
                "/components/schemas/Untyped: has properties but no type");
    }

    static List<String> validatorMessages(String yaml) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true); // also reports $refs that point nowhere
        SwaggerParseResult result = new OpenAPIParser().readContents(yaml, null, options);
        return result.getMessages() == null ? List.of() : result.getMessages();
    }

    @Test
    void everyRouteIsInTheSpecAndEveryOperationInTheSpecIsARoute() throws Exception {
        JsonNode spec = new ObjectMapper(new YAMLFactory()).readTree(ApiDocs.resource(ApiDocs.SPEC_RESOURCE));
        Map<String, String> specOperations = new TreeMap<>(); // "GET /path" → needs the admin token
        for (Iterator<Map.Entry<String, JsonNode>> paths = spec.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (op.getKey().equals("parameters")) continue;
                specOperations.put(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), op.getValue().path("x-permission").asText());
            }
        }
        Map<String, String> served = new TreeMap<>();
        try (TestServer api = TestServer.start(TestStores.H2, tmp, c -> c)) {
            for (Route route : api.server().routes()) {
                served.put(route.method().name() + " " + route.path(), route.permission().wire());
            }
        }
        Set<String> missingFromSpec = new TreeSet<>(served.keySet());
        missingFromSpec.removeAll(specOperations.keySet());
        Set<String> missingFromServer = new TreeSet<>(specOperations.keySet());
        missingFromServer.removeAll(served.keySet());
        assertThat(missingFromSpec).as("routes the spec does not document").isEmpty();
        assertThat(missingFromServer).as("spec operations the server does not serve").isEmpty();
        assertThat(served).as("x-permission, route by route").isEqualTo(specOperations);
    }

    @Test
    void theSessionsPermissionsListEveryPermissionByItsWireName() throws Exception {
        JsonNode spec = new ObjectMapper(new YAMLFactory()).readTree(ApiDocs.resource(ApiDocs.SPEC_RESOURCE));
        JsonNode names = spec.at("/components/schemas/Session/properties/permissions/items/enum");
        assertThat(names.isArray()).as("the Session schema's permissions enum").isTrue();
        assertThat(names).extracting(JsonNode::asText)
                .containsExactly(Arrays.stream(Permission.values()).map(Permission::wire).toArray(String[]::new));
    }
}
