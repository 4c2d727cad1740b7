package io.drover.server.tasks;

import io.drover.protocol.DaemonThreads;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks: each step in order, every change persisted before the next step starts; on a
 * failure, a passed deadline or a cancel, the compensations of the steps that ran, newest first.
 * At start, tasks that a stopped (or killed) server left unfinished are resumed from their first
 * step that is not done — every step is idempotent — or, when they had been cancelled or were
 * past their deadline, rolled back.
 */
public final class TaskRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);

    private final TaskStore store;
    private final Map<String, TaskPlan.Planner> planners;
    private final Clock clock;
    private final ExecutorService pool;
    private final Map<String, Run> running = new ConcurrentHashMap<>();
    private volatile boolean closed;

    TaskRunner(TaskStore store, Clock clock, int threads) {
        this.store = store;
        this.planners = new ConcurrentHashMap<>();
        this.clock = clock;
        this.pool = Executors.newFixedThreadPool(threads, DaemonThreads.named("task"));
    }

    /** Says how tasks of {@code kind} are planned; every kind is registered before {@link #resumeInterrupted}. */
    public void register(String kind, TaskPlan.Planner planner) {
        planners.put(kind, planner);
    }

    /** Stores a new pending task of {@code kind} on {@code vmId} (of {@code project}) and starts it; returns it as stored. */
    public TaskRecord submit(String kind, String vmId, String project, String hostId, Duration deadline, String params) {
        TaskPlan.Planner planner = planners.get(kind);
        if (planner == null) throw new IllegalArgumentException("no planner for task kind " + kind);
        long now = clock.millis();
        TaskRecord pending = TaskRecord.pending(UUID.randomUUID().toString(), kind, vmId, project, hostId, params, now,
                now + deadline.toMillis());
        TaskPlan plan = planner.plan(pending);
        List<TaskRecord.StepState> steps = new ArrayList<>();
        for (Step step : plan.steps()) {
            for (String name : step.shows()) steps.add(new TaskRecord.StepState(name, StepStatus.PENDING, null, null, null));
        }
        TaskRecord task = pending.withSteps(steps);
        store.insert(task);
        start(task, plan);
        return task;
    }

    /** Resumes or rolls back what the last run of the server left unfinished. */
    public int resumeInterrupted() {
        List<TaskRecord> left = store.unfinished();
        for (TaskRecord task : left) {
            TaskPlan.Planner planner = planners.get(task.kind());
            if (planner == null) {
                log.error("task {} is of unknown kind {}; marking it failed", task.id(), task.kind());
                store.update(ended(task, TaskStatus.FAILED, "unknown task kind after a restart"));
                continue;
            }
            TaskPlan plan;
            try {
                plan = planner.plan(task);
            } catch (RuntimeException e) {
                log.error("task {} cannot be planned again; marking it failed", task.id(), e);
                store.update(ended(task, TaskStatus.FAILED, "cannot resume after a restart: " + e.getMessage()));
                continue;
            }
            log.info("resuming task {} ({} of VM {}) interrupted by a server stop", task.id(), task.kind(), task.vmId());
            start(task, plan);
        }
        return left.size();
    }

    public Optional<TaskRecord> get(String id) {
        Run run = running.get(id);
        return run != null ? Optional.of(run.task()) : store.get(id);
    }

    /** As {@link TaskStore#count}. */
    public int count(TaskStatus status, Long endedSinceMs, Set<String> projects) {
        return store.count(status, endedSinceMs, projects);
    }

    /** As {@link TaskStore#page}: {@code projects} null for every task, else only tasks in those projects. */
    public List<TaskRecord> page(Long beforeCreated, String beforeId, String vmId, TaskStatus status, Set<String> projects, int limit) {
        return store.page(beforeCreated, beforeId, vmId, status, projects, limit).stream()
                .map(t -> Optional.ofNullable(running.get(t.id())).map(Run::task).orElse(t)).toList();
    }

    /** Asks a task to stop at its next step and undo what it did. */
    public TaskRecord cancel(String id) {
        Run run = running.get(id);
        if (run != null) {
            run.cancel();
            return run.task();
        }
        TaskRecord task = store.get(id).orElseThrow(() -> new TaskNotFound(id));
        if (task.finished()) throw new TaskFinished(id, task.status());
        // Stored but not running here (another replica runs it, or it is about to resume): record the wish.
        TaskRecord asked = task.withCancelAsked();
        store.update(asked);
        return asked;
    }

    /** Whether an unfinished task of this VM is running here. */
    public boolean busy(String vmId) {
        return running.values().stream().anyMatch(r -> vmId.equals(r.task().vmId()));
    }

    private void start(TaskRecord task, TaskPlan plan) {
        Run run = new Run(task, plan);
        running.put(task.id(), run);
        pool.execute(() -> {
            try {
                execute(run, plan);
            } catch (RuntimeException e) {
                if (closed) {
                    // The server is stopping (its store may be closed already): the task stays
                    // unfinished and is resumed at the next start.
                    log.debug("task {} stopped with the server: {}", task.id(), e.toString());
                } else {
                    log.error("task {} failed unexpectedly", task.id(), e);
                    run.end(TaskStatus.FAILED, "internal error: " + e);
                }
            } finally {
                running.remove(task.id());
            }
        });
    }

    private void execute(Run run, TaskPlan plan) {
        run.begin();
        List<Step> steps = plan.steps();
        List<Step> ran = new ArrayList<>();
        String error = null;
        for (Step step : steps) {
            if (run.allDone(step)) {
                ran.add(step);
                continue;
            }
            if (closed) return; // the server is stopping: the task stays unfinished and resumes at the next start
            if (run.cancelled()) break;
            if (run.remainingMs() <= 0) {
                error = "the task's deadline passed before step " + step.name();
                break;
            }
            ran.add(step);
            run.stepOwn(step, StepStatus.RUNNING, null);
            try {
                step.run(run);
                run.stepOwn(step, StepStatus.DONE, null);
            } catch (Exception e) {
                if (closed) return;
                error = e instanceof StepFailed ? e.getMessage() : step.name() + ": " + e;
                if (!(e instanceof StepFailed)) log.warn("task {}: step {} failed", run.task().id(), step.name(), e);
                run.stepOwn(step, StepStatus.FAILED, error);
                break;
            } finally {
                run.clearCancelActions();
            }
        }
        // A step that failed because the task was cancelled (an agent undoing its work) ends it cancelled.
        boolean cancelled = run.cancelled();
        if (error == null && !cancelled) {
            run.end(TaskStatus.SUCCEEDED, null);
            return;
        }
        for (int i = ran.size() - 1; i >= 0; i--) {
            Step step = ran.get(i);
            try {
                step.compensate(run);
                run.compensated(step);
            } catch (Exception e) {
                log.warn("task {}: undoing step {} failed: {}", run.task().id(), step.name(), e.getMessage());
                error = (error == null ? "" : error + "; ") + "undoing " + step.name() + " failed: " + e.getMessage();
            }
        }
        run.end(cancelled ? TaskStatus.CANCELLED : TaskStatus.FAILED, error == null ? "cancelled" : error);
    }

    @Override
    public void close() {
        closed = true;
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private TaskRecord ended(TaskRecord t, TaskStatus status, String error) {
        long now = clock.millis();
        List<TaskRecord.StepState> steps = t.steps().stream().map(s -> s.status() == StepStatus.PENDING
                ? new TaskRecord.StepState(s.name(), StepStatus.SKIPPED, null, null, null) : s).toList();
        return t.withSteps(steps).withStatus(status, t.startedMs() == null ? now : t.startedMs(), now, error);
    }

    /** One task while it runs here: its latest state (persisted on every change) and its cancel hooks. */
    private final class Run implements TaskRun {
        private TaskRecord task;
        private final TaskPlan plan;
        private final List<Runnable> onCancel = new ArrayList<>();

        Run(TaskRecord task, TaskPlan plan) {
            this.task = task;
            this.plan = plan;
        }

        @Override
        public synchronized TaskRecord task() {
            return task;
        }

        synchronized void begin() {
            task = task.withStatus(TaskStatus.RUNNING, task.startedMs() == null ? clock.millis() : task.startedMs(), null, task.error());
            store.update(task);
        }

        private StepStatus statusOf(String name) {
            return task.steps().stream().filter(s -> s.name().equals(name)).map(TaskRecord.StepState::status)
                    .findFirst().orElse(StepStatus.PENDING);
        }

        synchronized boolean allDone(Step step) {
            return step.shows().stream().allMatch(n -> statusOf(n) == StepStatus.DONE);
        }

        /**
         * The step's own status change. A step that shows several names (an agent's) gets only its
         * failure recorded here, on the first of its names not done or undone; the agent reports the rest.
         */
        synchronized void stepOwn(Step step, StepStatus status, String detail) {
            if (step.shows().size() == 1) {
                step(step.name(), status, detail);
            } else if (status == StepStatus.FAILED) {
                String at = step.shows().stream()
                        .filter(n -> !Set.of(StepStatus.DONE, StepStatus.COMPENSATED).contains(statusOf(n)))
                        .findFirst().orElse(step.shows().get(0));
                step(at, status, detail);
            }
        }

        /** Marks every name of the step that ran (done, failed or cut short) as undone. */
        synchronized void compensated(Step step) {
            for (String name : step.shows()) {
                if (Set.of(StepStatus.DONE, StepStatus.FAILED, StepStatus.RUNNING).contains(statusOf(name))) {
                    step(name, StepStatus.COMPENSATED, null);
                }
            }
        }

        @Override
        public synchronized void step(String name, StepStatus status, String detail) {
            long now = clock.millis();
            List<TaskRecord.StepState> steps = new ArrayList<>(task.steps());
            for (int i = 0; i < steps.size(); i++) {
                TaskRecord.StepState s = steps.get(i);
                if (!s.name().equals(name)) continue;
                Long started = s.startedMs() != null ? s.startedMs() : now;
                Long ended = status == StepStatus.RUNNING ? null : now;
                steps.set(i, new TaskRecord.StepState(name, status, started, ended, detail != null ? detail : s.detail()));
            }
            task = task.withSteps(steps);
            store.update(task);
        }

        @Override
        public synchronized void hostId(String hostId) {
            task = task.withHostId(hostId);
            store.update(task);
        }

        @Override
        public synchronized void decision(String json) {
            task = task.withDecision(json);
            store.update(task);
        }

        @Override
        public synchronized boolean cancelled() {
            return task.cancelAsked();
        }

        void cancel() {
            List<Runnable> actions;
            synchronized (this) {
                if (task.cancelAsked() || task.finished()) return;
                task = task.withCancelAsked();
                store.update(task);
                actions = new ArrayList<>(onCancel);
                onCancel.clear();
            }
            actions.forEach(Runnable::run);
        }

        @Override
        public void onCancel(Runnable action) {
            boolean now;
            synchronized (this) {
                now = task.cancelAsked();
                if (!now) onCancel.add(action);
            }
            if (now) action.run();
        }

        synchronized void clearCancelActions() {
            onCancel.clear();
        }

        @Override
        public long remainingMs() {
            return task().deadlineMs() - clock.millis();
        }

        /**
         * Ends the task. The plan records the outcome (a VM's phase and state) before the task is
         * stored as finished, so whoever sees the task finished sees its VM as it left it.
         */
        synchronized void end(TaskStatus status, String error) {
            TaskRecord ended = ended(task, status, error);
            try {
                plan.finished(ended);
            } catch (RuntimeException e) {
                log.error("the end of task {} could not be recorded", ended.id(), e);
            }
            task = ended;
            store.update(task);
        }
    }
}
