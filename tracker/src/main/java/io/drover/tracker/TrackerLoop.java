package io.drover.tracker;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * Registers at start, then heartbeats every interval until {@link #stop()}.
 *
 * <p>A failed heartbeat never ends the loop: the server may be restarting or the network down,
 * and the tracker must be there when it comes back. Only a machine that has no IPv4 address on
 * the chosen interface at start ends it, because that is a configuration error to report
 * rather than to hide. Every wait is on a latch that {@link #stop()} releases, so the loop
 * stops within milliseconds, and sub-second intervals work (tests use 200 ms).
 */
final class TrackerLoop {

    /** Attempts to find an IPv4 address before giving up on this heartbeat (or on starting). */
    static final int ADDRESS_ATTEMPTS = 3;

    private final HeartbeatComposer composer;
    private final RegisterClient client;
    private final TrackerLog log;
    private final Duration interval;
    private final Duration retry;
    private final boolean verbose;
    private final DoubleSupplier random;

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private Thread runner; // guarded by this; the thread to interrupt out of an HTTP request

    // State of the current run, touched only by the runner thread.
    private boolean registered;
    private int consecutiveFailures;
    private String lastReported = "";

    /**
     * @param random uniform values in [0, 1) for the ±10% jitter, which keeps a fleet that booted
     *               together from heartbeating in lockstep
     */
    TrackerLoop(HeartbeatComposer composer, RegisterClient client, TrackerLog log, Duration interval, Duration retry,
            boolean verbose, DoubleSupplier random) {
        this.composer = composer;
        this.client = client;
        this.log = log;
        this.interval = interval;
        this.retry = retry;
        this.verbose = verbose;
        this.random = random;
    }

    /**
     * Runs on the calling thread until {@link #stop()} is called.
     *
     * @throws NoIpv4AddressException if the first heartbeat finds no IPv4 address on the interface
     */
    void run() throws NoIpv4AddressException {
        synchronized (this) {
            runner = Thread.currentThread();
        }
        try {
            boolean firstHeartbeat = true;
            while (!isStopped()) {
                Optional<Heartbeat> heartbeat = awaitHeartbeat();
                if (heartbeat.isPresent()) {
                    send(heartbeat.get());
                } else if (firstHeartbeat) {
                    throw new NoIpv4AddressException(composer.interfaceName(), ADDRESS_ATTEMPTS);
                } else {
                    failed("no IPv4 address on interface " + composer.interfaceName() + " after "
                            + ADDRESS_ATTEMPTS + " attempts");
                }
                firstHeartbeat = false;
                pause(nextDelay());
            }
        } catch (InterruptedException stopped) {
            // stop() was called while waiting or sending: a normal end
        } finally {
            synchronized (this) {
                runner = null;
                if (isStopped()) {
                    Thread.interrupted(); // the interrupt was ours; do not leak it to the caller
                }
            }
        }
        log.info("stopped");
    }

    /** Ends {@link #run()} promptly, also when it is in the middle of an HTTP request. Idempotent. */
    void stop() {
        stopRequested.countDown();
        synchronized (this) {
            if (runner != null) {
                runner.interrupt();
            }
        }
    }

    boolean isStopped() {
        return stopRequested.getCount() == 0;
    }

    /** The interval with ±10% jitter. */
    Duration nextDelay() {
        double factor = 0.9 + 0.2 * random.getAsDouble();
        return Duration.ofNanos(Math.round(interval.toNanos() * factor));
    }

    private Optional<Heartbeat> awaitHeartbeat() throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            Optional<Heartbeat> heartbeat = composer.compose();
            if (heartbeat.isPresent() || attempt == ADDRESS_ATTEMPTS) {
                return heartbeat;
            }
            log.warn("no IPv4 address on interface " + composer.interfaceName() + " (attempt " + attempt + " of "
                    + ADDRESS_ATTEMPTS + "), retrying in " + GoDuration.format(retry));
            pause(retry);
        }
    }

    private void send(Heartbeat heartbeat) throws InterruptedException {
        try {
            client.register(heartbeat);
        } catch (RegistrationException e) {
            failed(e.getMessage());
            return;
        }
        String reported =
                heartbeat.hostname() + " (" + heartbeat.ipAddress() + " on " + heartbeat.interfaceName() + ")";
        if (!registered) {
            log.info("registered " + reported + " with " + client.uri()
                    + (consecutiveFailures > 0 ? " after " + consecutiveFailures + " failed attempts" : ""));
        } else if (consecutiveFailures > 0) {
            log.info("heartbeat recovered after " + consecutiveFailures + " failed attempts: " + reported);
        } else if (!reported.equals(lastReported)) {
            log.info("now reporting " + reported + ", was " + lastReported);
        } else if (verbose) {
            log.info("heartbeat sent: " + reported);
        }
        registered = true;
        consecutiveFailures = 0;
        lastReported = reported;
    }

    private void failed(String why) {
        consecutiveFailures++;
        log.warn("heartbeat failed: " + why + "; retrying at the next interval");
    }

    /** Waits, or throws InterruptedException as soon as stop() is called. */
    private void pause(Duration duration) throws InterruptedException {
        if (stopRequested.await(duration.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new InterruptedException("stop requested");
        }
    }
}
