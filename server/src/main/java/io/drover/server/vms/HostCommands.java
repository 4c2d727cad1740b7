package io.drover.server.vms;

import io.drover.protocol.link.AgentCommand;
import io.drover.protocol.link.CancelCommand;
import io.drover.protocol.link.CommandProgress;
import io.drover.protocol.link.CommandResult;
import io.drover.protocol.link.VmSpec;
import io.drover.server.hosts.AgentSessions;
import io.drover.server.tasks.StepStatus;
import io.drover.server.tasks.StepFailed;
import io.drover.server.tasks.TaskRun;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commands to agents and their answers. A command stays pending until its result arrives and is
 * sent again whenever its host links (a command lost with a link, or sent while the host was
 * away, is not lost). Operation ids are derived from the task, so a task resumed after a server
 * restart sends the same id and the agent does not run it twice.
 */
final class HostCommands {
    private static final Logger log = LoggerFactory.getLogger(HostCommands.class);
    /** After a cancel, how long the agent has to undo its work and answer. */
    private static final long CANCEL_GRACE_MS = 120_000;
    /** What an agent may say of a step; pending and skipped are the server's own. */
    private static final Set<StepStatus> STEP_STATUSES = Set.of(StepStatus.RUNNING, StepStatus.DONE, StepStatus.FAILED,
            StepStatus.COMPENSATED);

    private record Pending(String hostId, AgentCommand command, TaskRun run, CompletableFuture<CommandResult> result) {}

    private final AgentSessions sessions;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    HostCommands(AgentSessions sessions) {
        this.sessions = sessions;
    }

    /**
     * Runs {@code action} on the host for the task and waits for the agent's answer until the
     * task's deadline; a cancel of the task is passed on to the agent.
     */
    CommandResult execute(TaskRun run, String hostId, String action, VmSpec vm) throws StepFailed, InterruptedException {
        String opId = run.task().id() + "/" + action;
        Pending p = new Pending(hostId, AgentCommand.of(opId, action, vm), run, new CompletableFuture<>());
        pending.put(opId, p);
        try {
            if (!sessions.send(hostId, p.command())) log.info("host {} is not linked; {} waits for it", hostId, opId);
            // A host that is away cannot be told; the command is then never sent again, and whatever
            // the host may have started is cleaned up as an orphan when it reports back.
            run.onCancel(() -> {
                if (!sessions.send(hostId, CancelCommand.of(opId))) {
                    p.result().complete(CommandResult.failed(opId, "cancelled while host " + hostId + " was away", true, null));
                }
            });
            CommandResult result = await(p, run);
            if (!result.ok()) throw new StepFailed(result.error() == null ? action + " failed on the host" : result.error());
            return result;
        } finally {
            pending.remove(opId, p);
        }
    }

    private CommandResult await(Pending p, TaskRun run) throws StepFailed, InterruptedException {
        try {
            long wait = Math.max(1, run.remainingMs());
            return p.result().get(run.cancelled() ? Math.min(wait, CANCEL_GRACE_MS) : wait, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new StepFailed(p.command().action() + " did not finish on host " + p.hostId() + " before the task's deadline");
        } catch (ExecutionException e) {
            throw new StepFailed(p.command().action() + " failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Sends a command nobody waits for (cleaning up after a failed task); lost if the host is away. */
    void sendAndForget(String hostId, String action, VmSpec vm) {
        sessions.send(hostId, AgentCommand.of("cleanup-" + UUID.randomUUID(), action, vm));
    }

    void linked(String hostId) {
        pending.values().stream().filter(p -> p.hostId().equals(hostId)).forEach(p -> {
            sessions.send(hostId, p.command());
            if (p.run().cancelled()) sessions.send(hostId, CancelCommand.of(p.command().opId()));
        });
    }

    void progress(String hostId, CommandProgress progress) {
        Pending p = pending.get(progress.opId());
        StepStatus status = StepStatus.parse(progress.status()).filter(STEP_STATUSES::contains).orElse(null);
        if (p == null || !p.hostId().equals(hostId) || status == null) return;
        boolean known = p.run().task().steps().stream().anyMatch(s -> s.name().equals(progress.step()));
        if (known) p.run().step(progress.step(), status, progress.detail());
    }

    void result(String hostId, CommandResult result) {
        Pending p = pending.get(result.opId());
        if (p != null && p.hostId().equals(hostId)) p.result().complete(result);
    }
}
