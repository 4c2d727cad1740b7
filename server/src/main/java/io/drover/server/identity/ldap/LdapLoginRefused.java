package io.drover.server.identity.ldap;

/**
 * The directory did not let this login in. {@link #reason()} is for the server log and metrics
 * only; the message is the same for every reason, so a response built from it does not tell a
 * caller whether the username exists.
 */
public final class LdapLoginRefused extends RuntimeException {
    public enum Reason {
        /** No password: an LDAP simple bind with a DN and no password is an "unauthenticated bind" that succeeds. */
        EMPTY_PASSWORD,
        UNKNOWN_USER,
        /** The user filter matched more than one entry; the filter or the directory needs fixing. */
        AMBIGUOUS_USER,
        WRONG_PASSWORD,
        /** The directory refused the bind for another reason, e.g. a locked or expired account. */
        ACCOUNT_REFUSED,
        /** The password was right but none of the user's groups maps to a Drover role. */
        NO_MAPPED_GROUP
    }

    private final Reason reason;

    public LdapLoginRefused(Reason reason) {
        super("the directory did not accept this username and password", null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
