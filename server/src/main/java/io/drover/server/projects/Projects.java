package io.drover.server.projects;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.protocol.identity.ProjectInfo;
import io.drover.protocol.identity.ProjectRequest;
import io.drover.server.access.Principal;
import io.drover.server.http.InvalidRequest;
import io.drover.server.http.Route;
import io.drover.server.store.Columns;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** Projects: what they are, who sees them, and the quota check creates and resizes make. */
public final class Projects {
    static final int MAX_DESCRIPTION = 1000;

    private final ProjectStore store;
    private final Clock clock;
    private final ProjectRoutes routes;
    private final List<Consumer<String>> deletedListeners = new CopyOnWriteArrayList<>();

    public Projects(Jdbi jdbi, Clock clock, ObjectMapper mapper) {
        this.store = new ProjectStore(jdbi);
        this.clock = clock;
        this.routes = new ProjectRoutes(this, mapper);
    }

    public List<Route> routes() {
        return routes.routes();
    }

    /**
     * The project something new goes in: the one named, else the caller's only project, else
     * default. A project the caller is not in is answered as not existing.
     */
    public static String forNew(String named, Principal caller) {
        String project;
        if (named != null) project = named;
        else if (!caller.isAdmin() && caller.projects().size() == 1) project = caller.projects().iterator().next();
        else if (caller.isAdmin() || caller.projects().contains(ProjectName.DEFAULT)) project = ProjectName.DEFAULT;
        else throw new InvalidRequest("project is required: you work in several projects");
        return memberOf(caller, project);
    }

    /**
     * {@code name}, checked as a project name, if {@code caller} belongs to that project (admins
     * belong to all); else {@link ProjectNotFound}: others' projects are not revealed.
     */
    public static String memberOf(Principal caller, String name) {
        String project = ProjectName.check(name);
        if (!caller.inProject(project)) throw new ProjectNotFound(project);
        return project;
    }

    /** Throws {@link ProjectNotFound} unless every named project exists. */
    public void requireExisting(Handle h, List<String> names) {
        List<String> found = store.existing(h, names);
        for (String name : names) {
            if (!found.contains(name)) throw new ProjectNotFound(name);
        }
    }

    /** Those of {@code names} that exist (LDAP group mappings may name projects nobody made yet). */
    public List<String> existing(Handle h, List<String> names) {
        return store.existing(h, names);
    }

    /**
     * Checks, inside the caller's transaction, that {@code project} can take {@code more} on top of
     * what it uses now (negative values: a shrink). The project row stays locked until the
     * transaction ends, so two creates cannot both take the last of a quota.
     */
    public void checkQuota(Handle h, String project, Project.Quota more) {
        Project p = store.find(h, project, true).orElseThrow(() -> new ProjectNotFound(project));
        Project.Quota used = store.usage(h, project);
        over(project, "vms", p.quota().vms(), used.vms(), more.vms());
        over(project, "vcpus", p.quota().vcpus(), used.vcpus(), more.vcpus());
        over(project, "memory_mib", p.quota().memoryMib(), used.memoryMib(), more.memoryMib());
        over(project, "disk_gib", p.quota().diskGib(), used.diskGib(), more.diskGib());
    }

    private static void over(String project, String what, Long limit, long used, Long more) {
        if (limit == null || more == null || more <= 0) return;
        if (used + more > limit) {
            throw new QuotaExceeded("project " + project + " quota " + what + " is " + limit + ": " + used
                    + " in use, this needs " + more + " more");
        }
    }

    ProjectInfo info(Project p) {
        return p.info(store.usage(p.name()));
    }

    Project find(String name) {
        return store.find(name).orElseThrow(() -> new ProjectNotFound(name));
    }

    /** Projects in name order after {@code after}; only those in {@code only} unless it is null. */
    List<Project> page(String after, Set<String> only, int limit) {
        return store.page(after, only, limit);
    }

    Project create(ProjectRequest request) {
        String name = ProjectName.check(request.name());
        Project p = new Project(name, description(request.description()), clock.millis(), quota(request.quota()));
        if (store.find(name).isPresent()) throw new ProjectConflict("a project named " + name + " already exists");
        try {
            store.insert(p);
        } catch (UnableToExecuteStatementException e) {
            throw new ProjectConflict("a project named " + name + " already exists");
        }
        return p;
    }

    /** Sets the description and/or the quotas given (a quota object replaces all four limits). */
    Project update(String name, ProjectRequest request) {
        Project old = find(name);
        if (request.name() != null && !request.name().equals(name)) throw new InvalidRequest("a project cannot be renamed");
        Project p = new Project(name, request.description() == null ? old.description() : description(request.description()),
                old.createdMs(), request.quota() == null ? old.quota() : quota(request.quota()));
        store.update(p);
        return p;
    }

    void delete(String name) {
        find(name);
        if (ProjectName.DEFAULT.equals(name)) throw new ProjectConflict("the default project cannot be deleted");
        if (!store.deleteIfEmpty(name)) throw new ProjectConflict("project " + name + " still has VMs, images, tracked machines or dedicated hosts; delete or move them first");
        deletedListeners.forEach(l -> l.accept(name));
    }

    /** Calls {@code listener} with a project's name after this process deleted it (with its tokens). */
    public void whenDeleted(Consumer<String> listener) {
        deletedListeners.add(listener);
    }

    private static String description(String d) {
        if (d == null) return null;
        if (d.length() > MAX_DESCRIPTION) throw new InvalidRequest("description must have at most " + MAX_DESCRIPTION + " characters");
        return Columns.clip(d, MAX_DESCRIPTION);
    }

    private static Project.Quota quota(ProjectInfo.Quota wire) {
        Project.Quota q = Project.Quota.of(wire);
        for (Long v : new Long[] {q.vms(), q.vcpus(), q.memoryMib(), q.diskGib()}) {
            if (v != null && (v < 0 || v > 1_000_000_000L)) throw new InvalidRequest("quota values must be from 0 to 1000000000, or null for no limit");
        }
        return q;
    }
}
