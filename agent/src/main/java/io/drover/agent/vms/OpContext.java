package io.drover.agent.vms;

import io.drover.protocol.link.CommandProgress;
import java.util.function.Consumer;

/** One running operation's identity, its way to report progress, and whether it was cancelled. */
public final class OpContext {
    private final String opId;
    private final Consumer<Object> out;
    private volatile boolean cancelled;

    public OpContext(String opId, Consumer<Object> out) {
        this.opId = opId;
        this.out = out;
    }

    public String opId() {
        return opId;
    }

    public void cancel() {
        cancelled = true;
    }

    public boolean cancelled() {
        return cancelled;
    }

    /** Throws at a step boundary once the server has cancelled the operation. */
    public void checkCancelled() throws OperationCancelled {
        if (cancelled) throw new OperationCancelled(opId);
    }

    public void progress(String step, String status, String detail) {
        out.accept(CommandProgress.of(opId, step, status, detail));
    }
}
