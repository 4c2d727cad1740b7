package io.drover.e2e.vms;


import io.drover.e2e.console.ByteStream;
import io.drover.e2e.console.ConsoleSocket;
import io.drover.e2e.console.HostStream;
import io.drover.e2e.console.Rfb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console relay against a direct connection to the same QEMU sockets on the host, in one run
 * on one guest: keystroke-to-echo latency through the serial console (one key, wait for its echo
 * from the guest's line editor) and full-screen frames per second through the VNC display (raw
 * encoding, one non-incremental update after another). Relay and direct take turns, in rounds, so
 * drift in the machine's load hits both. Not part of the suite (no "Test" in its name): run it with
 * {@code bench/console.sh}, which prints the figures.
 */
class ConsoleRelayBenchmark {
    static final int ROUNDS = 3;
    static final int KEYS_PER_ROUND = Integer.getInteger("bench.keys", 150);
    static final Duration FRAMES_FOR = Duration.ofSeconds(Long.getLong("bench.frame-seconds", 8));
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    interface Opener {
        ByteStream open() throws Exception;
    }

    @Test
    void relayAgainstDirect() throws Exception {
        try (Fleet fleet = new Fleet(tmp)) {
            fleet.startServer(c -> c);
            fleet.registerCloudImage();
            Path agentData = tmp.resolve("agent");
            fleet.startAgent("bench-host", agentData, tmp.resolve("agent.log"));
            String id = fleet.bootVm("bench", agentData);
            String xml = Fleet.virsh("dumpxml", id);
            String pty = find(xml, "<serial type='pty'>\\s*<source path='(/dev/pts/\\d+)'");
            String vncSocket = find(xml, "<graphics type='vnc' socket='([^']+)'");

            Opener relaySerial = () -> ConsoleSocket.open(Fleet.HTTP, fleet.baseUrl, ticket(fleet, id, "serial"), fleet.adminToken);
            Opener directSerial = () -> HostStream.terminal(pty);
            Opener relayVnc = () -> ConsoleSocket.open(Fleet.HTTP, fleet.baseUrl, ticket(fleet, id, "vnc"), fleet.adminToken);
            Opener directVnc = () -> HostStream.unixSocket(vncSocket);

            List<Double> relayMs = new ArrayList<>(), directMs = new ArrayList<>();
            double relayFrames = 0, directFrames = 0, relaySeconds = 0, directSeconds = 0;
            long frameBytes = 0;
            for (int round = 0; round < ROUNDS; round++) {
                relayMs.addAll(keys(relaySerial));
                directMs.addAll(keys(directSerial));
                double[] r = frames(relayVnc), d = frames(directVnc);
                relayFrames += r[0];
                relaySeconds += r[1];
                directFrames += d[0];
                directSeconds += d[1];
                frameBytes = (long) r[2];
            }
            double relayFps = relayFrames / relaySeconds, directFps = directFrames / directSeconds;
            StringBuilder out = new StringBuilder("\n=== console relay benchmark ===\n");
            out.append(String.format("serial keystroke-to-echo, %d keys each (ms): relay p50 %.2f p99 %.2f | direct p50 %.2f p99 %.2f | ratio p50 %.2f%n",
                    relayMs.size(), pct(relayMs, 50), pct(relayMs, 99), pct(directMs, 50), pct(directMs, 99), pct(relayMs, 50) / pct(directMs, 50)));
            out.append(String.format("vnc full frames (%d KiB raw each): relay %.1f fps (%.1f MiB/s) | direct %.1f fps (%.1f MiB/s) | ratio %.2f%n",
                    frameBytes / 1024, relayFps, relayFps * frameBytes / (1 << 20), directFps, directFps * frameBytes / (1 << 20), relayFps / directFps));
            out.append("=== end ===\n");
            System.out.print(out);
            Files.writeString(Path.of(System.getProperty("bench.out", tmp.resolve("console-bench.txt").toString())), out);
        }
    }

    /** Milliseconds from a key to its echo, one key at a time; the line is cleared now and then. */
    static List<Double> keys(Opener opener) throws Exception {
        List<Double> ms = new ArrayList<>();
        try (ByteStream s = opener.open()) {
            // The console is open once the shell answers.
            long mark = s.received();
            s.send("echo ready\r".getBytes());
            s.awaitByte(mark, (byte) 'y', WAIT);
            Thread.sleep(300);
            for (int i = 0; i < KEYS_PER_ROUND; i++) {
                if (i % 40 == 39) {
                    s.send(new byte[] {0x15}); // Ctrl-U: an empty line again, before the line editor wraps
                    Thread.sleep(100);
                }
                byte key = (byte) ('a' + i % 26);
                long from = s.received();
                long start = System.nanoTime();
                s.send(new byte[] {key});
                s.awaitByte(from, key, WAIT);
                ms.add((System.nanoTime() - start) / 1e6);
            }
            s.send(new byte[] {0x15});
        }
        return ms;
    }

    /** {frames, seconds, bytes per frame}: full updates back to back for {@link #FRAMES_FOR}. */
    static double[] frames(Opener opener) throws Exception {
        try (ByteStream s = opener.open()) {
            Rfb rfb = new Rfb(s);
            Rfb.Screen screen = rfb.handshake();
            rfb.frame(); // warm-up
            int n = 0;
            long start = System.nanoTime(), end = start + FRAMES_FOR.toNanos();
            while (System.nanoTime() < end) {
                rfb.frame();
                n++;
            }
            return new double[] {n, (System.nanoTime() - start) / 1e9, (double) screen.width() * screen.height() * screen.bytesPerPixel()};
        }
    }

    static double pct(List<Double> values, int p) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    static String find(String xml, String regex) {
        Matcher m = Pattern.compile(regex).matcher(xml);
        if (!m.find()) throw new IllegalStateException("not in the domain XML: " + regex);
        return m.group(1);
    }

    static String ticket(Fleet fleet, String vm, String kind) throws Exception {
        return fleet.post("/api/v1/vms/" + vm + "/console", "{\"kind\":\"" + kind + "\"}", 201).get("ticket").asText();
    }
}
