package io.drover.server.projects;

import io.drover.server.http.InvalidRequest;
import java.util.regex.Pattern;

/** Project names: 1-63 lowercase letters, digits and inner '-' (they appear in paths and labels). */
public final class ProjectName {
    public static final String DEFAULT = "default";
    private static final Pattern VALID = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private ProjectName() {}

    public static String check(String name) {
        if (name == null || name.isEmpty()) throw new InvalidRequest("project name is required");
        if (!VALID.matcher(name).matches()) {
            throw new InvalidRequest("project name must be 1-63 characters of a-z, 0-9 and '-', not starting or ending with '-'");
        }
        return name;
    }
}
