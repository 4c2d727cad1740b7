package io.drover.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One reading of a Linux process from /proc: resident memory (VmRSS), its peak (VmHWM), threads,
 * and CPU time used so far. Two readings give the CPU share over the time between them.
 *
 * @param cpuTicks user + system time in clock ticks (USER_HZ, 100 per second on Linux)
 */
public record ProcessSample(long pid, long rssKb, long hwmKb, int threads, long cpuTicks, long atNs) {
    private static final double TICKS_PER_SECOND = 100.0;

    /** Null when the process is gone or /proc is not there. */
    public static ProcessSample of(long pid) {
        String base = pid == 0 ? "/proc/self" : "/proc/" + pid;
        try {
            long rss = 0, hwm = 0;
            int threads = 0;
            for (String line : Files.readAllLines(Path.of(base, "status"))) {
                if (line.startsWith("VmRSS:")) rss = kb(line);
                else if (line.startsWith("VmHWM:")) hwm = kb(line);
                else if (line.startsWith("Threads:")) threads = Integer.parseInt(line.substring(8).trim());
            }
            String stat = Files.readString(Path.of(base, "stat"));
            // Fields after the command name (which may hold spaces) start after the last ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
            return new ProcessSample(pid, rss, hwm, threads, ticks, System.nanoTime());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static ProcessSample self() {
        return of(0);
    }

    /** CPU used between {@code earlier} and this reading, in percent of one core. */
    public double cpuPercentSince(ProcessSample earlier) {
        double seconds = (atNs - earlier.atNs) / 1e9;
        return seconds <= 0 ? 0 : 100.0 * (cpuTicks - earlier.cpuTicks) / TICKS_PER_SECOND / seconds;
    }

    public double rssMiB() {
        return rssKb / 1024.0;
    }

    public double hwmMiB() {
        return hwmKb / 1024.0;
    }

    private static long kb(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
}
