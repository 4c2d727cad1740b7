package io.drover.agent.vms;

import io.drover.protocol.link.DomainReport;
import org.assertj.core.groups.Tuple;
import static org.assertj.core.api.Assertions.assertThat;

import io.drover.protocol.link.AgentCommand;
import io.drover.protocol.link.CancelCommand;
import io.drover.protocol.link.CommandResult;
import io.drover.protocol.link.VmSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OperationsTest {
    static final String VM_A = "00000000-0000-4000-8000-00000000000a";
    static final String VM_B = "00000000-0000-4000-8000-00000000000b";

    /** Runs nothing until the test says so, so the test sees what is queued. */
    static final class ManualExecutor implements Executor {
        final Deque<Runnable> queued = new ArrayDeque<>();

        @Override
        public synchronized void execute(Runnable r) {
            queued.add(r);
        }

        synchronized int size() {
            return queued.size();
        }

        void runAll() {
            for (Runnable r; (r = poll()) != null; ) r.run();
        }

        void runOne() {
            poll().run();
        }

        synchronized Runnable poll() {
            return queued.poll();
        }
    }

    final ManualExecutor pool = new ManualExecutor();
    final List<Object> sent = new CopyOnWriteArrayList<>();
    final List<String> ran = new CopyOnWriteArrayList<>();
    final AtomicInteger inventories = new AtomicInteger();
    String failWith;

    final Operations.Runner runner = new Operations.Runner() {
        @Override
        public void run(AgentCommand command, OpContext op) throws OperationFailed {
            ran.add(op.opId());
            if (failWith != null) throw new DomainRefused(failWith);
        }

        @Override
        public DomainReport after(AgentCommand command) {
            return null;
        }
    };
    final Operations ops = new Operations(pool, sent::add, runner, inventories::incrementAndGet);

    static AgentCommand cmd(String opId, String action, String vm) {
        return AgentCommand.of(opId, action, new VmSpec(vm, "vm", 1, 256, 1, null, null, null, 0));
    }

    List<CommandResult> results() {
        List<CommandResult> out = new ArrayList<>();
        for (Object o : sent) if (o instanceof CommandResult r) out.add(r);
        return out;
    }

    @Test
    void aRepeatedOpIdIsNotStartedTwiceAndAnsweredOnce() {
        ops.submit(cmd("op-1", AgentCommand.START, VM_A));
        ops.submit(cmd("op-1", AgentCommand.START, VM_A));
        assertThat(pool.size()).isEqualTo(1);
        assertThat(ops.active()).isEqualTo(1);
        pool.runAll();
        assertThat(ran).containsExactly("op-1");
        assertThat(results()).extracting(CommandResult::opId, CommandResult::ok).containsExactly(Tuple.tuple("op-1", true));
        assertThat(inventories).hasValue(1);
        assertThat(ops.active()).isZero();
    }

    @Test
    void aRepeatedOpIdThatEndedGetsItsResultAgainWithoutRunning() {
        failWith = "no such domain";
        ops.submit(cmd("op-1", AgentCommand.STOP, VM_A));
        pool.runAll();
        ops.submit(cmd("op-1", AgentCommand.STOP, VM_A));
        assertThat(pool.size()).isZero();
        assertThat(ran).containsExactly("op-1");
        assertThat(results()).hasSize(2).allSatisfy(r -> {
            assertThat(r.ok()).isFalse();
            assertThat(r.error()).isEqualTo("no such domain");
        });
    }

    @Test
    void operationsOnOneVmRunOneAfterAnother() {
        ops.submit(cmd("op-1", AgentCommand.START, VM_A));
        ops.submit(cmd("op-2", AgentCommand.STOP, VM_A));
        ops.submit(cmd("op-3", AgentCommand.DELETE, VM_A));
        assertThat(pool.size()).isEqualTo(1); // the second waits for the first
        pool.runOne();
        assertThat(ran).containsExactly("op-1");
        assertThat(pool.size()).isEqualTo(1);
        pool.runAll();
        assertThat(ran).containsExactly("op-1", "op-2", "op-3");
        assertThat(results()).extracting(CommandResult::opId).containsExactly("op-1", "op-2", "op-3");
    }

    @Test
    void operationsOnDifferentVmsRunInParallel() {
        ops.submit(cmd("op-a", AgentCommand.START, VM_A));
        ops.submit(cmd("op-b", AgentCommand.START, VM_B));
        assertThat(pool.size()).isEqualTo(2); // both ready at once
        pool.runAll();
        assertThat(ran).containsExactlyInAnyOrder("op-a", "op-b");
    }

    @Test
    void aFailureDoesNotStopTheNextOperationOnThatVm() {
        failWith = "boom";
        ops.submit(cmd("op-1", AgentCommand.START, VM_A));
        ops.submit(cmd("op-2", AgentCommand.START, VM_A));
        pool.runAll();
        assertThat(ran).containsExactly("op-1", "op-2");
        assertThat(results()).extracting(CommandResult::ok).containsExactly(false, false);
    }

    @Test
    void aCancelledQueuedOperationDoesNotRunAndSaysSo() {
        ops.submit(cmd("op-1", AgentCommand.START, VM_A));
        ops.submit(cmd("op-2", AgentCommand.CREATE, VM_A));
        ops.cancel(CancelCommand.of("op-2"));
        ops.cancel(CancelCommand.of("op-unknown"));
        pool.runAll();
        assertThat(ran).containsExactly("op-1");
        CommandResult cancelled = results().get(1);
        assertThat(cancelled.opId()).isEqualTo("op-2");
        assertThat(cancelled.ok()).isFalse();
        assertThat(cancelled.cancelled()).isTrue();
    }

    @Test
    void aBugStillAnswers() {
        Operations broken = new Operations(pool, sent::add, new Operations.Runner() {
            @Override
            public void run(AgentCommand command, OpContext op) {
                throw new IllegalStateException("bug");
            }

            @Override
            public DomainReport after(AgentCommand command) {
                return null;
            }
        }, () -> { });
        broken.submit(cmd("op-1", AgentCommand.START, VM_A));
        pool.runAll();
        assertThat(results()).singleElement().satisfies(r -> assertThat(r.error()).contains("bug"));
    }
}
