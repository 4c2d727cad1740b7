package io.drover.agent;

import io.drover.protocol.BuildVersion;

/** The build's version, filtered into a resource by Maven. */
public final class Version {
    private Version() {}

    public static String current() {
        return BuildVersion.read(Version.class, "/io/drover/agent/version.properties");
    }
}
