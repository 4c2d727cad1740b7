package io.drover.server.projects;

import io.drover.server.identity.Principal;
import java.util.Set;

/** Which projects a listing may show a caller: theirs (an admin's: all), narrowed by a {@code ?project=} filter. */
public final class ProjectScope {
    private ProjectScope() {}

    /**
     * The projects to list, or null for every project (an admin without a filter). A filter naming
     * a project the caller is not in gives the empty set: an empty page, as if it had nothing.
     */
    public static Set<String> of(Principal caller, String requested) {
        if (requested == null || requested.isEmpty()) return caller.isAdmin() ? null : caller.projects();
        String name = ProjectName.check(requested);
        return caller.inProject(name) ? Set.of(name) : Set.of();
    }
}
