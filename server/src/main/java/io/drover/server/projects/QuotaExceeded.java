package io.drover.server.projects;

import io.drover.server.http.ApiException;

/** A create or resize that would take a project past one of its quotas; the detail names the quota. */
public final class QuotaExceeded extends ApiException {
    public QuotaExceeded(String detail) {
        super(409, "Quota exceeded", detail);
    }
}
