package io.drover.server.projects;

import io.drover.server.http.ApiException;

public final class ProjectNotFound extends ApiException {
    public ProjectNotFound(String name) {
        super(404, "Not Found", "no project " + name);
    }
}
