package io.drover.bench;

import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * Counters and latency recorders of one phase (warm-up or measured), shared by the loader threads.
 * Latencies are recorded in microseconds: {@code latency} from the intended send time (what a
 * machine waiting to heartbeat experiences, queueing in the loader included), {@code service}
 * from the moment the request was actually written.
 */
final class PhaseStats {
    final LongAdder sent = new LongAdder();
    final LongAdder ok = new LongAdder();
    final LongAdder non200 = new LongAdder();
    final LongAdder ioErrors = new LongAdder();
    final LongAdder timeouts = new LongAdder();
    /** Sent but still unanswered when the loader stopped waiting, 5 s after the end. */
    final LongAdder abandoned = new LongAdder();
    final Recorder latency = new Recorder(3);
    final Recorder service = new Recorder(3);

    /** Answers of any phase received in this phase's time window: what the server delivered, backlog or not. */
    final LongAdder answeredInWindow = new LongAdder();

    void completed(int status, long intendedNs, long sentNs, long nowNs) {
        if (status == 200) ok.increment();
        else non200.increment();
        latency.recordValue(Math.max(0, (nowNs - intendedNs) / 1_000));
        service.recordValue(Math.max(0, (nowNs - sentNs) / 1_000));
    }

    long errors() {
        return non200.sum() + ioErrors.sum() + timeouts.sum();
    }
}
