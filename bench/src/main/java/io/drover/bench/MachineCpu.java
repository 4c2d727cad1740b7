package io.drover.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One reading of the whole machine's CPU time from /proc/stat. The loader and the server share this
 * machine, so a run also reports how busy it was and how much of that was neither of them: other
 * work on the box makes a run's figures worse and must be visible next to them.
 *
 * @param busyTicks all non-idle time, summed over CPUs (clock ticks)
 * @param totalTicks all time, summed over CPUs (clock ticks)
 */
public record MachineCpu(long busyTicks, long totalTicks, int cpus) {

    /** Null when /proc/stat cannot be read. */
    static MachineCpu now() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = first.trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) total += Long.parseLong(f[i]); // user..steal
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]); // idle + iowait
            return new MachineCpu(total - idle, total, Runtime.getRuntime().availableProcessors());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Busy CPU between {@code earlier} and this reading, in percent of one core (so up to 100 x CPUs). */
    double busyPercentSince(MachineCpu earlier) {
        long total = totalTicks - earlier.totalTicks;
        return total <= 0 ? 0 : 100.0 * cpus * (busyTicks - earlier.busyTicks) / total;
    }

    /** The 1-, 5- and 15-minute load averages, or "?". */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
