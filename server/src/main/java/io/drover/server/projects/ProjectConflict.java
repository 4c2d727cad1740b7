package io.drover.server.projects;

import io.drover.server.http.ApiException;

/** A project that exists already, or one that still holds things and cannot be deleted. */
public final class ProjectConflict extends ApiException {
    public ProjectConflict(String detail) {
        super(409, "Conflict", detail);
    }
}
