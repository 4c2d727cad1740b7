package io.drover.server.projects;

import io.drover.server.access.Principal;
import java.util.Set;

/** The projects a listing shows a caller, narrowed by the listing's {@code ?project=} filter. */
public final class ProjectScope {
    private ProjectScope() {}

    /**
     * The projects whose rows {@code caller} sees, null for every row (an admin without a filter).
     * {@code filter} (the {@code project} query parameter; null or empty for none) is checked as a
     * project name; a project the caller is not in gives the empty set, as for one that does not exist.
     */
    public static Set<String> of(Principal caller, String filter) {
        if (filter == null || filter.isEmpty()) return caller.isAdmin() ? null : caller.projects();
        String project = ProjectName.check(filter);
        return caller.inProject(project) ? Set.of(project) : Set.of();
    }
}
