package io.drover.agent.vms;

import java.nio.file.StandardOpenOption;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleLogsTest {
    static final String ID = DomainXmlTest.ID;
    static final String MARK = "--- drover-agent: starting the VM at 2026-01-02T03:04:05Z ---\n";

    @TempDir
    Path tmp;
    VmFiles files;
    ConsoleLogs logs;
    Path log;

    @BeforeEach
    void setUp() throws Exception {
        files = new VmFiles(tmp);
        files.createVmDir(ID);
        logs = new ConsoleLogs(files, 100, 2, Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC));
        log = files.consoleLog(ID);
    }

    @Test
    void theFirstStartMakesTheLogReadableByQemusUser() throws Exception {
        logs.beforeStart(ID);
        assertThat(log).hasContent(MARK);
        assertThat(Files.getPosixFilePermissions(log)).isEqualTo(VmFiles.FILE);
    }

    @Test
    void aSmallLogKeepsTheEarlierBootsAndMarksWhereTheNextBegins() throws Exception {
        Files.writeString(log, "boot 1: login:");
        logs.beforeStart(ID);
        // The earlier boot ended mid-line: the mark starts a line of its own.
        assertThat(log).hasContent("boot 1: login:\n" + MARK);
        Files.writeString(log, "boot 2\n", StandardOpenOption.APPEND);
        logs.beforeStart(ID);
        assertThat(log).hasContent("boot 1: login:\n" + MARK + "boot 2\n" + MARK);
        assertThat(tmp.resolve("vms/" + ID + "/console.log.1")).doesNotExist();
    }

    @Test
    void aLogOverTheLimitIsRotatedAndOnlyTheNewestGenerationsAreKept() throws Exception {
        for (int boot = 1; boot <= 5; boot++) {
            logs.beforeStart(ID);
            Files.writeString(log, ("boot " + boot + "\n").repeat(30), StandardOpenOption.APPEND);
        }
        // Each boot wrote more than the 100-byte limit, so each start began a new file.
        assertThat(log).content().startsWith(MARK + "boot 5\n").doesNotContain("boot 4");
        assertThat(tmp.resolve("vms/" + ID + "/console.log.1")).content().startsWith(MARK + "boot 4\n");
        assertThat(tmp.resolve("vms/" + ID + "/console.log.2")).content().startsWith(MARK + "boot 3\n");
        try (Stream<Path> all = Files.list(log.getParent())) {
            assertThat(all.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("console.log", "console.log.1", "console.log.2");
        }
    }

    @Test
    void aLogExactlyAtTheLimitIsNotRotated() throws Exception {
        Files.writeString(log, "x".repeat(99) + "\n");
        logs.beforeStart(ID);
        assertThat(log).content().startsWith("x".repeat(99) + "\n" + MARK);
        assertThat(tmp.resolve("vms/" + ID + "/console.log.1")).doesNotExist();
    }

    @Test
    void recentIsTheTailOfTheRotatedLogThenTheCurrentOne() throws Exception {
        assertThat(logs.recent(ID, 1000)).as("never booted").isEmpty();
        Files.writeString(log.resolveSibling("console.log.1"), "old boot\n");
        Files.writeString(log, "new boot\n");
        Files.writeString(log.resolveSibling("console.log.2"), "older, not sent\n");
        assertThat(new String(logs.recent(ID, 1000))).isEqualTo("old boot\nnew boot\n");
        // Past the limit the oldest bytes go first, across the two files.
        assertThat(new String(logs.recent(ID, 12))).isEqualTo("ot\nnew boot\n");
        assertThat(new String(logs.recent(ID, 5))).isEqualTo("boot\n");
    }
}
