package io.drover.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestStores;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spec in the repo and the routes the server registers must agree, route for route and on who may call them. */
class OpenApiSpecTest {
    @TempDir
    Path tmp;

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
