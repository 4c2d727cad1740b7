package io.drover.agent.libvirt;

/** libvirt did not answer, answered with an error, or did not answer in time. */
public final class HypervisorUnavailable extends Exception {
    public HypervisorUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
