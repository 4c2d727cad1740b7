package io.drover.bench;

/**
 * The fixed-rate timetable of an open-loop run: request {@code i} is due at
 * {@code start + i / rate} whether or not earlier ones have been answered. Requests due before
 * {@code measureFrom} are warm-up; none is due at or after {@code end}.
 */
record Schedule(long startNs, long measureFromNs, long endNs, int rate) {

    long intendedNs(long index) {
        return startNs + index * 1_000_000_000L / rate;
    }

    boolean measured(long intendedNs) {
        return intendedNs >= measureFromNs;
    }

    /** How many requests are due in [from, to): the count a perfect loader would send there. */
    long dueBetween(long fromNs, long toNs) {
        return firstIndexAtOrAfter(toNs) - firstIndexAtOrAfter(fromNs);
    }

    private long firstIndexAtOrAfter(long ns) {
        long offset = ns - startNs;
        if (offset <= 0) return 0;
        // ceil(offset * rate / 1e9), then nudge for integer rounding in intendedNs
        long i = (offset * rate + 999_999_999L) / 1_000_000_000L;
        while (i > 0 && intendedNs(i - 1) >= ns) i--;
        while (intendedNs(i) < ns) i++;
        return i;
    }
}
