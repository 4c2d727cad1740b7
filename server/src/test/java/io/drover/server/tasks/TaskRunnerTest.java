package io.drover.server.tasks;

import java.util.Set;
import org.assertj.core.api.Assertions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drover.server.http.Json;
import io.drover.server.store.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The task engine on a real H2 store, with steps that record what they did. */
class TaskRunnerTest {
    @TempDir
    Path tmp;
    Database db;
    TaskStore store;
    TaskRunner runner;
    final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        db = Database.open(Database.embeddedUrl(tmp), null, null);
        store = new TaskStore(db.jdbi(), Json.mapper());
        runner = new TaskRunner(store, Clock.systemUTC(), 4);
    }

    @AfterEach
    void close() {
        runner.close();
        db.close();
    }

    Step step(String name, boolean fails) {
        return new Step() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void run(TaskRun run) throws StepFailed {
                log.add("run " + name);
                if (fails) throw new StepFailed(name + " broke");
            }

            @Override
            public void compensate(TaskRun run) {
                log.add("undo " + name);
            }
        };
    }

    static TaskPlan plan(Step... steps) {
        return () -> List.of(steps);
    }

    TaskRecord finished(String id) {
        await().atMost(Duration.ofSeconds(5)).until(() -> runner.get(id).orElseThrow().finished());
        return store.get(id).orElseThrow();
    }

    @Test
    void stepsRunInOrderAndTheOutcomeIsStored() {
        runner.register("k", t -> plan(step("a", false), step("b", false)));
        TaskRecord t = finished(runner.submit("k", "vm-1", "default", null, Duration.ofMinutes(1), null).id());
        assertThat(t.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(t.progress()).isEqualTo(100);
        assertThat(t.steps()).extracting(TaskRecord.StepState::status).containsExactly(StepStatus.DONE, StepStatus.DONE);
        assertThat(t.startedMs()).isNotNull();
        assertThat(t.endedMs()).isGreaterThanOrEqualTo(t.startedMs());
        assertThat(log).containsExactly("run a", "run b");
    }

    @Test
    void aFailedStepUndoesItselfAndEveryStepBeforeItNewestFirst() {
        runner.register("k", t -> plan(step("a", false), step("b", false), step("c", true), step("d", false)));
        TaskRecord t = finished(runner.submit("k", "vm-1", "default", null, Duration.ofMinutes(1), null).id());
        assertThat(t.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(t.error()).isEqualTo("c broke");
        assertThat(log).containsExactly("run a", "run b", "run c", "undo c", "undo b", "undo a");
        assertThat(t.steps()).extracting(TaskRecord.StepState::status).containsExactly(StepStatus.COMPENSATED, StepStatus.COMPENSATED, StepStatus.COMPENSATED, StepStatus.SKIPPED);
    }

    @Test
    void aCancelStopsAtTheNextStepAndRollsBack() throws Exception {
        CountDownLatch inB = new CountDownLatch(1), release = new CountDownLatch(1);
        List<String> cancelHooks = new CopyOnWriteArrayList<>();
        Step b = new Step() {
            @Override
            public String name() {
                return "b";
            }

            @Override
            public void run(TaskRun run) throws InterruptedException {
                run.onCancel(() -> cancelHooks.add("told"));
                inB.countDown();
                release.await(5, TimeUnit.SECONDS);
            }

            @Override
            public void compensate(TaskRun run) {
                log.add("undo b");
            }
        };
        runner.register("k", t -> plan(step("a", false), b, step("c", false)));
        String id = runner.submit("k", "vm-1", "default", null, Duration.ofMinutes(1), null).id();
        assertThat(inB.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(runner.busy("vm-1")).isTrue();
        runner.cancel(id);
        release.countDown();
        TaskRecord t = finished(id);
        assertThat(cancelHooks).containsExactly("told");
        assertThat(t.status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(t.cancelAsked()).isTrue();
        assertThat(log).containsExactly("run a", "undo b", "undo a");
        assertThat(t.steps()).extracting(TaskRecord.StepState::status).containsExactly(StepStatus.COMPENSATED, StepStatus.COMPENSATED, StepStatus.SKIPPED);
    }

    @Test
    void aPassedDeadlineFailsTheTaskBeforeItsNextStep() {
        runner.register("k", t -> plan(step("a", false)));
        TaskRecord t = finished(runner.submit("k", "vm-1", "default", null, Duration.ofMillis(-1), null).id());
        assertThat(t.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(t.error()).contains("deadline");
        assertThat(log).isEmpty();
    }

    @Test
    void anInterruptedTaskResumesAtItsFirstStepNotDone() {
        long now = System.currentTimeMillis();
        // As a killed server left it: a done, b running.
        store.insert(new TaskRecord("t-1", "k", "vm-1", "default", null, TaskStatus.RUNNING, List.of(
                new TaskRecord.StepState("a", StepStatus.DONE, now, now, null), new TaskRecord.StepState("b", StepStatus.RUNNING, now, null, null),
                new TaskRecord.StepState("c", StepStatus.PENDING, null, null, null)), null, null, null, false, now, now, null, now + 60_000));
        runner.register("k", t -> plan(step("a", false), step("b", false), step("c", false)));
        assertThat(runner.resumeInterrupted()).isEqualTo(1);
        TaskRecord t = finished("t-1");
        assertThat(t.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(log).containsExactly("run b", "run c");
    }

    @Test
    void aTaskThatCannotBePlannedAgainAfterARestartFailsLoudlyAndTheOthersStillResume() {
        long now = System.currentTimeMillis();
        store.insert(new TaskRecord("t-bad", "k", "vm-1", "default", null, TaskStatus.RUNNING, List.of(
                new TaskRecord.StepState("a", StepStatus.PENDING, null, null, null)), "{not json", null, null, false, now, now, null, now + 60_000));
        store.insert(new TaskRecord("t-good", "k", "vm-2", "default", null, TaskStatus.RUNNING, List.of(
                new TaskRecord.StepState("a", StepStatus.PENDING, null, null, null)), "{}", null, null, false, now + 1, now, null, now + 60_000));
        runner.register("k", t -> {
            if (!t.params().startsWith("{}")) throw new IllegalStateException("the task's stored parameters are not JSON");
            return plan(step("a", false));
        });
        assertThat(runner.resumeInterrupted()).isEqualTo(2);
        TaskRecord bad = store.get("t-bad").orElseThrow();
        assertThat(bad.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(bad.error()).contains("cannot resume after a restart", "not JSON");
        assertThat(finished("t-good").status()).isEqualTo(TaskStatus.SUCCEEDED);
    }

    @Test
    void aTaskCutShortByAServerStopStaysUnfinishedForTheNextStart() throws Exception {
        CountDownLatch inA = new CountDownLatch(1);
        List<TaskStatus> ends = new CopyOnWriteArrayList<>();
        Step slow = new Step() {
            @Override
            public String name() {
                return "a";
            }

            @Override
            public void run(TaskRun run) throws InterruptedException {
                inA.countDown();
                Thread.sleep(10_000);
            }
        };
        runner.register("k", t -> new TaskPlan() {
            @Override
            public List<Step> steps() {
                return List.of(slow);
            }

            @Override
            public void finished(TaskRecord task) {
                ends.add(task.status());
            }
        });
        String id = runner.submit("k", "vm-1", "default", null, Duration.ofMinutes(1), null).id();
        assertThat(inA.await(5, TimeUnit.SECONDS)).isTrue();
        runner.close();
        assertThat(store.get(id).orElseThrow().status()).isEqualTo(TaskStatus.RUNNING);
        assertThat(store.unfinished()).extracting(TaskRecord::id).containsExactly(id);
        assertThat(ends).as("no end is recorded for a task that has not ended").isEmpty();
    }

    @Test
    void cancellingAFinishedTaskIsAConflictAndAnUnknownOneNotFound() {
        runner.register("k", t -> plan(step("a", false)));
        String id = finished(runner.submit("k", "vm-1", "default", null, Duration.ofMinutes(1), null).id()).id();
        Assertions.assertThatThrownBy(() -> runner.cancel(id)).isInstanceOf(TaskFinished.class);
        Assertions.assertThatThrownBy(() -> runner.cancel("nope")).isInstanceOf(TaskNotFound.class);
    }

    @Test
    void aTaskIsListedInItsProjectAndOneWithoutAProjectOnlyToThoseWhoSeeEveryProject() {
        long now = System.currentTimeMillis();
        store.insert(new TaskRecord("t-old", "k", "vm-gone", null, null, TaskStatus.FAILED, List.of(), null, null, null, false,
                now, now, now, now));
        store.insert(new TaskRecord("t-a", "k", "vm-a", "alpha", null, TaskStatus.FAILED, List.of(), null, null, null, false,
                now + 1, now, now, now));
        assertThat(runner.page(null, null, null, null, null, 10)).extracting(TaskRecord::id).containsExactly("t-a", "t-old");
        assertThat(runner.page(null, null, null, null, Set.of("alpha", "beta"), 10)).extracting(TaskRecord::id)
                .containsExactly("t-a");
        assertThat(runner.page(null, null, null, null, Set.of(), 10)).isEmpty();
        assertThat(store.get("t-old").orElseThrow().project()).isNull();
    }
}
