package io.drover.agent.vms;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/**
 * A VM's serial console log across boots. QEMU appends to {@code console.log} ({@link DomainXml}
 * asks for {@code append="on"}), so a stop and a start keep the earlier boots' output. Before the
 * agent starts a domain, a log over the size limit moves to {@code console.log.1} (older ones to
 * {@code .2} up to the number kept, the oldest dropped), and a line marks where the new boot
 * begins. A VM's console logs so stay within about (kept + 1) x the limit, plus what one boot
 * writes.
 */
public final class ConsoleLogs {
    public static final long DEFAULT_MAX_BYTES = 1 << 20;
    public static final int DEFAULT_KEEP = 3;

    private final VmFiles files;
    private final long maxBytes;
    private final int keep;
    private final Clock clock;

    public ConsoleLogs(VmFiles files) {
        this(files, DEFAULT_MAX_BYTES, DEFAULT_KEEP, Clock.systemUTC());
    }

    ConsoleLogs(VmFiles files, long maxBytes, int keep, Clock clock) {
        if (maxBytes < 1 || keep < 1) throw new IllegalArgumentException("maxBytes and keep must be positive");
        this.files = files;
        this.maxBytes = maxBytes;
        this.keep = keep;
        this.clock = clock;
    }

    /** Rotates the log when it is over the limit, then marks the start; call it while the domain is off. */
    public void beforeStart(String vmId) throws InvalidVmSpec, IOException {
        Path log = files.consoleLog(vmId);
        if (Files.isRegularFile(log) && Files.size(log) > maxBytes) rotate(log);
        String mark = "--- drover-agent: starting the VM at " + clock.instant().truncatedTo(ChronoUnit.SECONDS) + " ---\n";
        if (endsMidLine(log)) mark = "\n" + mark;
        boolean created = !Files.exists(log);
        Files.writeString(log, mark, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        if (created) VmFiles.makeReadable(log);
    }

    private void rotate(Path log) throws IOException {
        Files.deleteIfExists(generation(log, keep));
        for (int n = keep - 1; n >= 1; n--) {
            Path older = generation(log, n);
            if (Files.exists(older)) Files.move(older, generation(log, n + 1), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(log, generation(log, 1), StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * The last {@code maxBytes} of the VM's serial output: the newest rotated log, then the
     * current one (each boot starts with the agent's mark line). Empty when the VM never booted here.
     */
    public byte[] recent(String vmId, int maxBytes) throws InvalidVmSpec, IOException {
        Path log = files.consoleLog(vmId);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path[] newestLast = {generation(log, 1), log};
        long total = 0;
        for (Path p : newestLast) if (Files.isRegularFile(p)) total += Files.size(p);
        long skip = Math.max(0, total - maxBytes);
        for (Path p : newestLast) {
            if (!Files.isRegularFile(p)) continue;
            try (SeekableByteChannel channel = Files.newByteChannel(p)) {
                long size = channel.size();
                if (skip >= size) {
                    skip -= size;
                    continue;
                }
                channel.position(skip);
                skip = 0;
                ByteBuffer buffer = ByteBuffer.allocate(64 << 10);
                while (out.size() < maxBytes && channel.read(buffer.clear()) > 0) {
                    out.write(buffer.array(), 0, (int) Math.min(buffer.position(), maxBytes - out.size()));
                }
            }
        }
        return out.toByteArray();
    }

    private static Path generation(Path log, int n) {
        return log.resolveSibling(log.getFileName() + "." + n);
    }

    private static boolean endsMidLine(Path log) throws IOException {
        if (!Files.isRegularFile(log) || Files.size(log) == 0) return false;
        try (SeekableByteChannel channel = Files.newByteChannel(log)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            channel.position(channel.size() - 1).read(last);
            return last.get(0) != '\n';
        }
    }
}
