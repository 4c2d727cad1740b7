package io.drover.agent.vms;

/** QEMU's user cannot reach the agent's data dir, so every VM would fail at its first start. */
public final class DataDirUnreachable extends Exception {
    public DataDirUnreachable(String message) {
        super(message);
    }
}
