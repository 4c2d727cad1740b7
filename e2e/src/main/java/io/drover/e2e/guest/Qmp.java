package io.drover.e2e.guest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/** Sends one argument-less command to QEMU's QMP socket, with a deadline on the whole exchange. */
final class Qmp {
    private static final Pattern COMMAND = Pattern.compile("[a-z][a-z_-]*");

    private Qmp() {}

    static void execute(Path socket, String command, Duration timeout) {
        if (!COMMAND.matcher(command).matches()) {
            throw new IllegalArgumentException("not a QMP command name: " + command);
        }
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        } catch (IOException e) {
            throw new GuestFailed("cannot open a unix socket", e);
        }
        CompletableFuture<Void> exchange = CompletableFuture.runAsync(() -> talk(channel, socket, command));
        try {
            exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new GuestFailed("QMP " + command + " got no answer within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new GuestFailed("QMP " + command + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GuestFailed("interrupted during QMP " + command, e);
        } finally {
            // Closing also unblocks a read that is still waiting after a timeout.
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing more to say to this QEMU.
            }
        }
    }

    private static void talk(SocketChannel channel, Path socket, String command) {
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
            OutputStream out = Channels.newOutputStream(channel);
            String greeting = in.readLine();
            if (greeting == null || !greeting.contains("\"QMP\"")) {
                throw new IllegalStateException("no QMP greeting: " + greeting);
            }
            send(out, "qmp_capabilities");
            awaitReturn(in, "qmp_capabilities", false);
            send(out, command);
            boolean quitting = command.equals("quit");
            try {
                // quit may close the socket before its answer arrives: that is success too.
                awaitReturn(in, command, quitting);
            } catch (IOException e) {
                if (!quitting) {
                    throw e;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static void send(OutputStream out, String command) throws IOException {
        out.write(("{\"execute\":\"" + command + "\"}\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void awaitReturn(BufferedReader in, String command, boolean eofIsSuccess) throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            if (line.contains("\"return\"")) {
                return;
            }
            if (line.contains("\"error\"")) {
                throw new IllegalStateException(command + ": " + line);
            }
            // Anything else is an asynchronous event: skip it.
        }
        if (!eofIsSuccess) {
            throw new IllegalStateException("QEMU closed the QMP socket during " + command);
        }
    }
}
