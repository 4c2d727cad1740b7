package io.drover.agent.consoles;

import io.drover.agent.libvirt.Domains;
import io.drover.agent.vms.ConsoleLogs;
import io.drover.agent.vms.InvalidVmSpec;
import io.drover.protocol.DaemonThreads;
import io.drover.protocol.RootCause;
import io.drover.protocol.link.ConsoleOpen;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's end of a console relay ({@link ConsoleOpen}): dials the server it is linked to at
 * the relay's path, with the host's client certificate, and pipes bytes between that WebSocket
 * and the VM's display socket or serial port; for {@code log} it sends the serial log and closes.
 * Bytes from the server are written before the next frame is asked for, and bytes to it leave one
 * frame at a time, so neither side buffers more than a frame. A console that cannot be opened
 * still dials, to close with {@link ConsoleOpen#CANNOT_OPEN} and the reason for the user.
 */
public final class ConsoleRelay implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConsoleRelay.class);
    /** Consoles open at once on this host; more are refused. */
    static final int MAX_OPEN = 64;
    static final int LOG_BYTES = 2 << 20;
    private static final int FRAME_BYTES = 32 << 10;
    private static final Duration DIAL_TIMEOUT = Duration.ofSeconds(10);

    private final DomainConsoles consoles;
    private final ConsoleLogs logs;
    private final Supplier<URI> server;
    private final Supplier<HttpClient> http;
    private final ExecutorService threads = Executors.newCachedThreadPool(DaemonThreads.numbered("console"));
    private final Semaphore slots = new Semaphore(MAX_OPEN);

    /**
     * @param server the server this agent is linked to (the relay waits there)
     * @param http a client presenting the host's current certificate
     */
    public ConsoleRelay(Domains domains, ConsoleLogs logs, Supplier<URI> server, Supplier<HttpClient> http) {
        this.consoles = new DomainConsoles(domains);
        this.logs = logs;
        this.server = server;
        this.http = http;
    }

    /** Opens the console in the background; returns at once. */
    public void open(ConsoleOpen request) {
        if (request.relayId() == null || !request.relayId().matches("[A-Za-z0-9]{16,64}") || !ConsoleOpen.KINDS.contains(request.kind())) {
            log.warn("ignoring a console_open message with a bad relay id or kind");
            return;
        }
        if (!slots.tryAcquire()) {
            threads.execute(() -> refuse(request, "the host has " + MAX_OPEN + " consoles open already"));
            return;
        }
        threads.execute(() -> {
            try {
                relay(request);
            } finally {
                slots.release();
            }
        });
    }

    private void relay(ConsoleOpen request) {
        String vmId;
        try {
            vmId = UUID.fromString(request.vmId()).toString();
        } catch (IllegalArgumentException | NullPointerException e) {
            refuse(request, "not a VM id");
            return;
        }
        if (request.kind().equals("log")) {
            sendLog(request, vmId);
            return;
        }
        ConsoleChannel channel;
        try {
            channel = request.kind().equals("vnc") ? consoles.display(vmId) : consoles.serial(vmId);
        } catch (ConsoleRefused e) {
            refuse(request, e.getMessage());
            return;
        }
        WebSocket ws;
        try {
            ws = dial(request, new Inbound(channel));
        } catch (IOException e) {
            channel.close();
            log.warn("console relay {}: cannot reach the server: {}", request.relayId(), e.getMessage());
            return;
        }
        log.info("console relay {}: {} console of VM {} open", request.relayId(), request.kind(), vmId);
        byte[] buffer = new byte[FRAME_BYTES];
        try {
            int n;
            while ((n = channel.read(buffer)) >= 0) {
                if (n > 0) ws.sendBinary(ByteBuffer.wrap(buffer, 0, n), true).get(30, TimeUnit.SECONDS);
            }
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "the console ended (the VM stopped?)");
        } catch (Exception e) {
            log.debug("console relay {} ended: {}", request.relayId(), RootCause.message(e));
            ws.abort();
        } finally {
            channel.close();
            log.info("console relay {} closed", request.relayId());
        }
    }

    private void sendLog(ConsoleOpen request, String vmId) {
        byte[] bytes;
        try {
            bytes = logs.recent(vmId, LOG_BYTES);
        } catch (InvalidVmSpec | IOException e) {
            refuse(request, "cannot read the console log: " + e.getMessage());
            return;
        }
        try {
            WebSocket ws = dial(request, new Inbound(null));
            for (int at = 0; at < bytes.length; at += FRAME_BYTES) {
                ws.sendBinary(ByteBuffer.wrap(bytes, at, Math.min(FRAME_BYTES, bytes.length - at)), true).get(30, TimeUnit.SECONDS);
            }
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "end of the log").get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("console relay {}: cannot send the console log: {}", request.relayId(), RootCause.message(e));
        }
    }

    /** Dials in only to say why the console does not open. */
    private void refuse(ConsoleOpen request, String why) {
        log.info("console relay {}: {} console of VM {} not opened: {}", request.relayId(), request.kind(), request.vmId(), why);
        try {
            dial(request, new Inbound(null)).sendClose(ConsoleOpen.CANNOT_OPEN, why).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("console relay {}: cannot reach the server: {}", request.relayId(), RootCause.message(e));
        }
    }

    private WebSocket dial(ConsoleOpen request, Inbound inbound) throws IOException {
        URI base = server.get();
        if (base == null) throw new IOException("not linked to a server");
        URI uri = URI.create(base.toString().replaceFirst("^http", "ws")).resolve(ConsoleOpen.relayPath(request.relayId()));
        try {
            return http.get().newWebSocketBuilder().connectTimeout(DIAL_TIMEOUT).buildAsync(uri, inbound)
                    .get(DIAL_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException(RootCause.message(e), e);
        }
    }

    /** What the user sends, written to the console (none for a log); the server's close ends the console. */
    private static final class Inbound implements WebSocket.Listener {
        private final ConsoleChannel channel;

        Inbound(ConsoleChannel channel) {
            this.channel = channel;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            if (channel != null) {
                byte[] bytes = new byte[data.remaining()];
                data.get(bytes);
                try {
                    channel.write(bytes, 0, bytes.length);
                } catch (IOException e) {
                    channel.close();
                    webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "the console ended");
                    return null;
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            if (channel != null) channel.close();
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            if (channel != null) channel.close();
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
