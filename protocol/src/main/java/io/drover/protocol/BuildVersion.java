package io.drover.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Reads the version Maven filtered into a binary's {@code version.properties}. */
public final class BuildVersion {
    private BuildVersion() {}

    /** The {@code version} in the resource {@code path} of {@code owner}'s class loader; "dev" when there is none. */
    public static String read(Class<?> owner, String path) {
        Properties props = new Properties();
        try (InputStream in = owner.getResourceAsStream(path)) {
            if (in != null) props.load(in);
        } catch (IOException ignored) {
            // an unknown version is not worth failing over
        }
        return props.getProperty("version", "dev");
    }
}
