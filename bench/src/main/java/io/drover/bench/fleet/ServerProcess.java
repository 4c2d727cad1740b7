package io.drover.bench.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One reading of the server process from /proc: resident memory and CPU time so far (the same
 * reading as io.drover.bench.ProcessSample, which is package-private there).
 */
record ServerProcess(long rssKb, long cpuTicks, long atNs) {
    private static final double TICKS_PER_SECOND = 100.0;

    /** Null when the process is gone or /proc cannot be read. */
    static ServerProcess of(long pid) {
        try {
            long rss = 0;
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return new ServerProcess(rss, Long.parseLong(f[11]) + Long.parseLong(f[12]), System.nanoTime());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** CPU between {@code earlier} and this reading, in percent of one core. */
    double cpuPercentSince(ServerProcess earlier) {
        double seconds = (atNs - earlier.atNs) / 1e9;
        return seconds <= 0 ? 0 : 100.0 * (cpuTicks - earlier.cpuTicks) / TICKS_PER_SECOND / seconds;
    }

    double rssMiB() {
        return rssKb / 1024.0;
    }
}
