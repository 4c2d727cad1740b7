package io.drover.server.http;

/** Who may call a route. Each route declares exactly one, in its feature's route list. */
public enum Access {
    /** Anyone. */
    PUBLIC,
    /** Machines reporting in: open unless a registration token is configured. */
    REGISTRATION,
    /** The admin token. */
    ADMIN,
    /** A host agent's credential (or the admin token), e.g. to fetch an image. */
    AGENT
}
