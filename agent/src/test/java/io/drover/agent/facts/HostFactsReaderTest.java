package io.drover.agent.facts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostFactsReaderTest {
    @TempDir
    Path tmp;

    @Test
    void readsCpusModelMemoryHostnameAndFreeDisk() throws Exception {
        Path proc = tmp.resolve("proc");
        Files.createDirectories(proc.resolve("sys/kernel"));
        Files.writeString(proc.resolve("cpuinfo"), """
                processor\t: 0
                model name\t: AMD EPYC 7B13
                processor\t: 1
                model name\t: AMD EPYC 7B13
                """);
        Files.writeString(proc.resolve("meminfo"), "MemTotal:       24576000 kB\nMemFree:  100 kB\n");
        Files.writeString(proc.resolve("sys/kernel/hostname"), "kvm-07\n");
        HostFacts f = new HostFactsReader(proc, tmp.resolve("data")).read();
        assertThat(f.hostname()).isEqualTo("kvm-07");
        assertThat(f.cpus()).isEqualTo(2);
        assertThat(f.cpuModel()).isEqualTo("AMD EPYC 7B13");
        assertThat(f.memoryMib()).isEqualTo(24_000);
        assertThat(f.diskFreeGib()).isPositive();
    }

    @Test
    void readsThisMachine() throws Exception {
        HostFacts f = new HostFactsReader(Path.of("/proc"), tmp).read();
        assertThat(f.cpus()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(f.memoryMib()).isPositive();
    }
}
