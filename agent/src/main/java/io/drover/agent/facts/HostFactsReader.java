package io.drover.agent.facts;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads {@link HostFacts} from /proc and the data dir's file system. */
public final class HostFactsReader {
    private final Path proc;
    private final Path dataDir;

    public HostFactsReader(Path proc, Path dataDir) {
        this.proc = proc;
        this.dataDir = dataDir;
    }

    public HostFacts read() throws IOException {
        List<String> cpuinfo = Files.readAllLines(proc.resolve("cpuinfo"));
        int cpus = (int) cpuinfo.stream().filter(l -> l.startsWith("processor")).count();
        String model = cpuinfo.stream().filter(l -> l.startsWith("model name")).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        long memKib = Files.readAllLines(proc.resolve("meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                .findFirst().map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).orElse(0L);
        Files.createDirectories(dataDir);
        FileStore store = Files.getFileStore(dataDir);
        long freeBytes = store.getUsableSpace();
        long totalBytes = store.getTotalSpace();
        String hostname = Files.readString(proc.resolve("sys/kernel/hostname")).trim();
        return new HostFacts(hostname, model, Math.max(cpus, 1), memKib / 1024, totalBytes >> 30, freeBytes >> 30);
    }
}
