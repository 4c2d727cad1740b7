package io.drover.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Recorder;

/**
 * Reads a listing page at a fixed rate on its own keep-alive connection while the heartbeat load
 * runs: what an operator's console sees under load. Open-loop like the heartbeats: latency counts
 * from each request's intended time, so a stall shows in every request it delayed.
 */
final class ListingProbe implements Runnable {
    final LongAdder sent = new LongAdder();
    final LongAdder ok = new LongAdder();
    final LongAdder non200 = new LongAdder();
    final LongAdder ioErrors = new LongAdder();
    final Recorder latency = new Recorder(3);
    /** Items on the first page read ({@code "hostname"} keys counted), -1 before one is read. */
    volatile int firstPageItems = -1;

    private final InetSocketAddress server;
    private final byte[] request;
    private final long startNs;
    private final long endNs;
    private final long periodNs;
    private final int timeoutMs;
    private final ResponseParser parser = new ResponseParser();
    private byte[] in = new byte[256 * 1024];
    private int inLen;
    private Socket socket;

    ListingProbe(InetSocketAddress server, String hostHeader, String path, String token, int rate, long startNs, long endNs,
                 int timeoutMs) {
        this.server = server;
        this.request = ("GET " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nAccept: application/json\r\n"
                + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        this.startNs = startNs;
        this.endNs = endNs;
        this.periodNs = 1_000_000_000L / rate;
        this.timeoutMs = timeoutMs;
    }

    @Override
    public void run() {
        try {
            for (long i = 0; ; i++) {
                long intended = startNs + i * periodNs;
                if (intended >= endNs) return;
                long wait = intended - System.nanoTime();
                if (wait > 0) LockSupport.parkNanos(wait);
                sent.increment();
                try {
                    if (socket == null) connect();
                    int status = exchange();
                    latency.recordValue(Math.max(0, (System.nanoTime() - intended) / 1_000));
                    if (status == 200) ok.increment();
                    else non200.increment();
                } catch (IOException | ResponseParser.Malformed e) {
                    ioErrors.increment();
                    closeQuietly();
                }
            }
        } finally {
            closeQuietly();
        }
    }

    private void connect() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.setSoTimeout(timeoutMs);
        s.connect(server, timeoutMs);
        socket = s;
        inLen = 0;
    }

    private int exchange() throws IOException, ResponseParser.Malformed {
        OutputStream out = socket.getOutputStream();
        out.write(request);
        out.flush();
        InputStream input = socket.getInputStream();
        while (true) {
            int length = parser.parse(in, inLen);
            if (length >= 0) {
                if (firstPageItems < 0 && parser.status() == 200) firstPageItems = count(in, parser.bodyStart(), parser.bodyEnd());
                System.arraycopy(in, length, in, 0, inLen - length);
                inLen -= length;
                if (parser.closeAfter()) closeQuietly();
                return parser.status();
            }
            if (inLen == in.length) {
                if (in.length >= 16 * 1024 * 1024) throw new IOException("listing response larger than 16 MiB");
                in = Arrays.copyOf(in, in.length * 2);
            }
            int n = input.read(in, inLen, in.length - inLen);
            if (n < 0) throw new IOException("server closed the connection");
            inLen += n;
        }
    }

    private static int count(byte[] buf, int from, int to) {
        byte[] key = "\"hostname\"".getBytes(StandardCharsets.US_ASCII);
        int n = 0;
        outer:
        for (int i = from; i + key.length <= to; i++) {
            for (int j = 0; j < key.length; j++) if (buf[i + j] != key[j]) continue outer;
            n++;
        }
        return n;
    }

    private void closeQuietly() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already broken
            }
        }
        socket = null;
    }
}
