package io.drover.server.events;

import io.drover.server.access.Permission;
import io.drover.server.access.Principal;
import io.drover.server.projects.ProjectScope;
import java.util.Set;

/**
 * Which events a reader sees: those of {@code projects} (null: every event, of any project or
 * none) and, when {@code unscoped}, those about no project — a host's status, fleet news shared
 * by everyone who may read hosts.
 */
public record EventAudience(Set<String> projects, boolean unscoped) {
    /**
     * What {@code caller} sees, narrowed to one project by {@code projectFilter} (the
     * {@code project} query parameter; null or empty for none). A filtered listing shows that
     * project's events only, not the unscoped ones.
     */
    public static EventAudience of(Principal caller, String projectFilter) {
        boolean filtered = projectFilter != null && !projectFilter.isEmpty();
        return new EventAudience(ProjectScope.of(caller, projectFilter), !filtered && caller.holds(Permission.HOSTS_READ));
    }

    public boolean sees(Event event) {
        if (projects == null) return true;
        return event.project() == null ? unscoped : projects.contains(event.project());
    }
}
