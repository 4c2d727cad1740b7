package io.drover.e2e.guest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The server's install.sh template, rendered the way the server renders it: each placeholder
 * replaced by a value escaped for use inside single quotes.
 */
final class InstallScriptTemplate {
    static final String RESOURCE = "io/drover/server/tracker/install.sh";
    static final String URL_PLACEHOLDER = "__DROVER_URL__";
    static final String TOKEN_PLACEHOLDER = "__DROVER_TOKEN__";

    private InstallScriptTemplate() {}

    /**
     * From the server module's sources when they are beside this module (so a stale drover-server
     * jar in the local repository never hides an edit), else from the classpath.
     */
    static String text() {
        Path source = Path.of(System.getProperty("user.dir")).resolve("../server/src/main/resources").resolve(RESOURCE);
        try {
            if (Files.isRegularFile(source)) {
                return Files.readString(source);
            }
            try (InputStream in = InstallScriptTemplate.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("install.sh is neither at " + source + " nor on the classpath");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the install.sh template", e);
        }
    }

    static String render(String url, String token) {
        return text()
                .replace(URL_PLACEHOLDER, insideSingleQuotes(url))
                .replace(TOKEN_PLACEHOLDER, insideSingleQuotes(token));
    }

    static String insideSingleQuotes(String value) {
        return value.replace("'", "'\\''");
    }
}
