package io.drover.agent.vms;

import io.drover.protocol.link.AgentCommand;
import io.drover.protocol.link.CancelCommand;
import io.drover.protocol.link.CommandResult;
import io.drover.protocol.link.DomainReport;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the server's commands and runs them: operations on one VM one after another, on
 * different VMs in parallel on the given executor. A command whose {@code op_id} is queued or
 * running is not started again (its result comes when it ends); one that ended recently gets its
 * result again, since the server resends when it did not hear it. Each operation ends with one
 * {@link CommandResult}, then {@code afterEach} runs (the agent sends a fresh inventory).
 */
public final class Operations {
    private static final Logger log = LoggerFactory.getLogger(Operations.class);
    static final int REMEMBERED_RESULTS = 1024;

    /** Does one command; throws to fail it. */
    public interface Runner {
        void run(AgentCommand command, OpContext op) throws OperationFailed;

        /** The domain after the command, for its result (null when unknown). */
        DomainReport after(AgentCommand command);
    }

    private final Executor pool;
    private final Consumer<Object> out;
    private final Runner runner;
    private final Runnable afterEach;
    private final Map<String, OpContext> active = new HashMap<>();
    private final Map<String, CompletableFuture<Void>> tails = new HashMap<>();
    private final Map<String, CommandResult> finished = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CommandResult> eldest) {
            return size() > REMEMBERED_RESULTS;
        }
    };

    public Operations(Executor pool, Consumer<Object> out, Runner runner, Runnable afterEach) {
        this.pool = pool;
        this.out = out;
        this.runner = runner;
        this.afterEach = afterEach;
    }

    /** Queues {@code command} behind the VM's earlier operations; returns at once. */
    public void submit(AgentCommand command) {
        String opId = command.opId();
        if (opId == null || opId.isBlank()) {
            log.warn("ignoring a command without op_id: {}", command.action());
            return;
        }
        String vmKey = command.vm() == null || command.vm().id() == null ? "" : command.vm().id();
        OpContext op;
        synchronized (this) {
            if (active.containsKey(opId)) {
                log.info("operation {} is already queued or running; it answers when it ends", opId);
                return;
            }
            CommandResult earlier = finished.get(opId);
            if (earlier != null) {
                log.info("operation {} already ended; sending its result again", opId);
                out.accept(earlier);
                return;
            }
            op = new OpContext(opId, out);
            active.put(opId, op);
            CompletableFuture<Void> previous = tails.getOrDefault(vmKey, CompletableFuture.completedFuture(null));
            CompletableFuture<Void> tail = previous.thenRunAsync(() -> execute(command, op), pool);
            tails.put(vmKey, tail);
            tail.whenComplete((r, e) -> {
                synchronized (this) {
                    tails.remove(vmKey, tail);
                }
            });
        }
    }

    /** Cancels the operation if it is queued or running; it then fails as cancelled, undone. */
    public void cancel(CancelCommand cancel) {
        OpContext op;
        synchronized (this) {
            op = active.get(cancel.opId());
        }
        if (op == null) {
            log.info("cancel of operation {}: nothing queued or running by that id", cancel.opId());
            return;
        }
        log.info("cancelling operation {}", cancel.opId());
        op.cancel();
    }

    /** How many operations are queued or running. */
    public synchronized int active() {
        return active.size();
    }

    private void execute(AgentCommand command, OpContext op) {
        CommandResult result;
        long started = System.nanoTime();
        try {
            op.checkCancelled();
            log.info("operation {}: {} VM {}", op.opId(), command.action(), command.vm() == null ? "?" : command.vm().id());
            runner.run(command, op);
            result = CommandResult.ok(op.opId(), runner.after(command));
            log.info("operation {} ({}) done in {} ms", op.opId(), command.action(), (System.nanoTime() - started) / 1_000_000);
        } catch (OperationFailed e) {
            boolean cancelled = e instanceof OperationCancelled;
            result = CommandResult.failed(op.opId(), e.getMessage(), cancelled, runner.after(command));
            log.warn("operation {} ({}) {}: {}", op.opId(), command.action(), cancelled ? "cancelled" : "failed", e.getMessage());
        } catch (RuntimeException e) {
            // A bug, not a refusal: still answer, so the server's task does not hang.
            log.error("operation {} ({}) broke", op.opId(), command.action(), e);
            result = CommandResult.failed(op.opId(), "the agent failed: " + e, false, runner.after(command));
        }
        synchronized (this) {
            active.remove(op.opId());
            finished.put(op.opId(), result);
        }
        out.accept(result);
        try {
            afterEach.run();
        } catch (RuntimeException e) {
            log.warn("after operation {}: {}", op.opId(), e.toString());
        }
    }
}
