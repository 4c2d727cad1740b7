package io.drover.agent;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The build's version, filtered into a resource by Maven. */
public final class Version {
    private Version() {}

    public static String current() {
        Properties props = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/io/drover/agent/version.properties")) {
            if (in != null) props.load(in);
        } catch (IOException ignored) {
            // an unknown version is not worth failing over
        }
        return props.getProperty("version", "dev");
    }
}
