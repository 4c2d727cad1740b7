package io.drover.server.http;

/**
 * A name that is taken by something the caller may not see (409): names of VMs and images are
 * unique across projects, and saying more (what holds it, in which project, in what state) would
 * tell one project about another's (issue 10, finding 13). A caller who can see the holder gets
 * the feature's own, detailed conflict instead.
 */
public final class NameUnavailable extends ApiException {
    public NameUnavailable(String name) {
        super(409, "Conflict", "the name " + name + " is not available; choose another");
    }
}
