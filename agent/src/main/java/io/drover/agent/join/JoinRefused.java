package io.drover.agent.join;

/** The server refused the join token (unknown, used or expired); retrying cannot help. */
public final class JoinRefused extends Exception {
    public JoinRefused(String message) {
        super(message);
    }
}
