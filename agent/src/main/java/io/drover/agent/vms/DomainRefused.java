package io.drover.agent.vms;

/** libvirt refused an action on a domain, or the domain is in a state the action cannot start from. */
public final class DomainRefused extends OperationFailed {
    public DomainRefused(String message) {
        super(message);
    }

    public DomainRefused(String message, Throwable cause) {
        super(message, cause);
    }
}
