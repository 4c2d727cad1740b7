package io.drover.bench;

import java.nio.charset.StandardCharsets;

/**
 * The complete request bytes of every machine's heartbeat, built once before the run so the send
 * path only copies bytes. Machine {@code i} is {@code bench-%06d} at {@code 10.a.b.c}, where a.b.c
 * are the three low bytes of i, so hostnames and addresses are all distinct.
 */
final class HeartbeatRequests {
    private final byte[][] requests;

    HeartbeatRequests(int machines, String hostHeader) {
        requests = new byte[machines][];
        for (int i = 0; i < machines; i++) requests[i] = build(i, hostHeader);
    }

    byte[] forMachine(int index) {
        return requests[index];
    }

    int machines() {
        return requests.length;
    }

    static String hostname(int index) {
        return String.format("bench-%06d", index);
    }

    static String ipAddress(int index) {
        return "10." + ((index >>> 16) & 0xff) + "." + ((index >>> 8) & 0xff) + "." + (index & 0xff);
    }

    static byte[] build(int index, String hostHeader) {
        String body = "{\"hostname\":\"" + hostname(index) + "\",\"ip_address\":\"" + ipAddress(index)
                + "\",\"interface\":\"eth0\",\"interval_seconds\":30}";
        byte[] bodyBytes = body.getBytes(StandardCharsets.US_ASCII);
        String head = "POST /api/register HTTP/1.1\r\nHost: " + hostHeader
                + "\r\nContent-Type: application/json\r\nContent-Length: " + bodyBytes.length + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[headBytes.length + bodyBytes.length];
        System.arraycopy(headBytes, 0, out, 0, headBytes.length);
        System.arraycopy(bodyBytes, 0, out, headBytes.length, bodyBytes.length);
        return out;
    }
}
