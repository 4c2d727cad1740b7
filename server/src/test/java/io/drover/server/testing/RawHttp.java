package io.drover.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * HTTP/1.1 over a socket (TLS or plain), byte for byte as given: for requests the JDK's client refuses to
 * send (NUL or raw non-ASCII bytes in the target, CR/LF in headers, duplicate or oversized headers,
 * a Content-Type that lies). One request per connection ({@code Connection: close}).
 */
public final class RawHttp {
    private RawHttp() {}

    /**
     * A request. {@code target} and header text are sent as ISO-8859-1, so a char up to U+00FF is
     * that byte (write "\u00C0\u00AE" for the raw bytes C0 AE); {@code body} is sent as it is.
     */
    public record Request(String method, String target, List<Map.Entry<String, String>> headers, byte[] body) {
        public Request with(String name, String value) {
            List<Map.Entry<String, String>> more = new ArrayList<>(headers);
            more.add(Map.entry(name, value));
            return new Request(method, target, more, body);
        }

        byte[] bytes() {
            StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
            head.append("Host: 127.0.0.1\r\nConnection: close\r\n");
            for (Map.Entry<String, String> h : headers) head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
            if (body != null) head.append("Content-Length: ").append(body.length).append("\r\n");
            head.append("\r\n");
            byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
            if (body == null) return h;
            byte[] all = new byte[h.length + body.length];
            System.arraycopy(h, 0, all, 0, h.length);
            System.arraycopy(body, 0, all, h.length, body.length);
            return all;
        }
    }

    /** The answer; {@code body} is empty for an event stream (it never ends: its head is the answer). */
    public record Reply(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
        }
    }

    public static Request request(String method, String target) {
        return new Request(method, target, List.of(), null);
    }

    /** Over plain HTTP. */
    public static Reply send(int port, Request request) throws IOException {
        return send(null, port, request);
    }

    /** Over TLS with {@code tls} (one that trusts the server, e.g. {@link TestServer#tls()}), or plain HTTP when it is null. */
    public static Reply send(SSLContext tls, int port, Request request) throws IOException {
        try (Socket socket = connect(tls, port)) {
            socket.setSoTimeout(10_000);
            byte[] bytes = request.bytes();
            // Written on the side: a server may answer (and stop reading) before a big body is all sent.
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(bytes);
                    out.flush();
                } catch (IOException ignored) {
                    // The answer, if any, is what counts.
                }
            }, "raw-http-writer");
            writer.setDaemon(true);
            writer.start();
            return read(socket.getInputStream());
        }
    }

    /** A connected socket to 127.0.0.1:{@code port}: TLS (handshake done) with {@code tls}, plain when it is null. */
    public static Socket connect(SSLContext tls, int port) throws IOException {
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        if (tls == null) return plain;
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        return socket;
    }

    private static Reply read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) throw new IOException("connection closed before the end of the response head: " + head);
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim(),
                    (a, b) -> a + ", " + b);
        }
        if (headers.getOrDefault("content-type", "").startsWith("text/event-stream")) return new Reply(status, headers, "");
        byte[] body;
        if (headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked")) {
            body = chunked(in);
        } else if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else {
            body = in.readAllBytes();
        }
        return new Reply(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String size = line(in);
            int semi = size.indexOf(';');
            int n = Integer.parseInt((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
            if (n == 0) return out.toByteArray();
            out.write(in.readNBytes(n));
            line(in);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder s = new StringBuilder();
        for (int b; (b = in.read()) >= 0 && b != '\n'; ) if (b != '\r') s.append((char) b);
        return s.toString();
    }
}
