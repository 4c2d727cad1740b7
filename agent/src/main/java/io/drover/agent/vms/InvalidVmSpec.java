package io.drover.agent.vms;

/** The server sent a VM spec the agent refuses to act on (a bad name, id, checksum or size). */
public final class InvalidVmSpec extends OperationFailed {
    public InvalidVmSpec(String message) {
        super(message);
    }
}
