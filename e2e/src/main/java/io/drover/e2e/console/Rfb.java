package io.drover.e2e.console;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * Just enough of an RFB 3.8 client (RFC 6143) to read a VM's screen through the console relay:
 * the handshake with security type None, the server's framebuffer size and pixel format, and full
 * framebuffer updates in raw encoding. Tests compare the pixels; the benchmark counts frames.
 */
public final class Rfb {
    private static final Duration WAIT = Duration.ofSeconds(20);

    public record Screen(int width, int height, int bytesPerPixel, String name) {}

    private final ByteStream socket;
    private Screen screen;

    public Rfb(ByteStream socket) {
        this.socket = socket;
    }

    /** Version, security None, ClientInit (shared), ServerInit; then asks for raw pixels only. */
    public Screen handshake() throws Exception {
        String version = new String(socket.read(12, WAIT), StandardCharsets.US_ASCII);
        if (!version.startsWith("RFB 003.")) throw new IllegalStateException("not an RFB server: " + version);
        socket.send("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
        int count = socket.read(1, WAIT)[0] & 0xff;
        if (count == 0) throw new IllegalStateException("the server refused: " + reason());
        byte[] types = socket.read(count, WAIT);
        boolean none = false;
        for (byte t : types) none |= t == 1;
        if (!none) throw new IllegalStateException("the display asks for authentication: " + Arrays.toString(types));
        socket.send(new byte[] {1});
        if (ByteBuffer.wrap(socket.read(4, WAIT)).getInt() != 0) throw new IllegalStateException("security failed: " + reason());
        socket.send(new byte[] {1}); // shared: other viewers stay
        ByteBuffer init = ByteBuffer.wrap(socket.read(24, WAIT));
        int width = init.getShort(0) & 0xffff, height = init.getShort(2) & 0xffff;
        int bitsPerPixel = init.get(4) & 0xff;
        int nameLength = init.getInt(20);
        String name = new String(socket.read(nameLength, WAIT), StandardCharsets.UTF_8);
        ByteArrayOutputStream encodings = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(encodings);
        out.writeByte(2); // SetEncodings
        out.writeByte(0);
        out.writeShort(1);
        out.writeInt(0); // raw
        socket.send(encodings.toByteArray());
        screen = new Screen(width, height, bitsPerPixel / 8, name);
        return screen;
    }

    /** One full (not incremental) framebuffer update, as the server's pixels, row by row. */
    public byte[] frame() throws Exception {
        return update(false);
    }

    /** The next update after the last: the server answers when something changed (or at once with nothing). */
    public byte[] update(boolean incremental) throws Exception {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(request);
        out.writeByte(3); // FramebufferUpdateRequest
        out.writeByte(incremental ? 1 : 0);
        out.writeShort(0);
        out.writeShort(0);
        out.writeShort(screen.width());
        out.writeShort(screen.height());
        socket.send(request.toByteArray());
        byte[] pixels = new byte[screen.width() * screen.height() * screen.bytesPerPixel()];
        while (true) {
            int type = socket.read(1, WAIT)[0] & 0xff;
            if (type == 0) break;
            if (type == 2) continue; // bell
            if (type == 1) { // colour map entries: skip
                ByteBuffer h = ByteBuffer.wrap(socket.read(5, WAIT));
                socket.read((h.getShort(3) & 0xffff) * 6, WAIT);
                continue;
            }
            if (type == 3) { // cut text
                socket.read(3, WAIT);
                socket.read(ByteBuffer.wrap(socket.read(4, WAIT)).getInt(), WAIT);
                continue;
            }
            throw new IllegalStateException("unexpected RFB message " + type);
        }
        socket.read(1, WAIT);
        int rects = ByteBuffer.wrap(socket.read(2, WAIT)).getShort() & 0xffff;
        for (int r = 0; r < rects; r++) {
            ByteBuffer h = ByteBuffer.wrap(socket.read(12, WAIT));
            int x = h.getShort(0) & 0xffff, y = h.getShort(2) & 0xffff, w = h.getShort(4) & 0xffff, hh = h.getShort(6) & 0xffff;
            int encoding = h.getInt(8);
            if (encoding == -223) { // DesktopSize pseudo-encoding: the screen changed size
                screen = new Screen(w, hh, screen.bytesPerPixel(), screen.name());
                pixels = new byte[w * hh * screen.bytesPerPixel()];
                continue;
            }
            if (encoding != 0) throw new IllegalStateException("unexpected encoding " + encoding);
            int bpp = screen.bytesPerPixel();
            byte[] rect = socket.read(w * hh * bpp, WAIT); // one read: the rectangle's rows follow each other
            for (int row = 0; row < hh; row++) {
                if (y + row < screen.height() && x + w <= screen.width()) {
                    System.arraycopy(rect, row * w * bpp, pixels, ((y + row) * screen.width() + x) * bpp, w * bpp);
                }
            }
        }
        return pixels;
    }

    public Screen screen() {
        return screen;
    }

    private String reason() throws Exception {
        int n = ByteBuffer.wrap(socket.read(4, WAIT)).getInt();
        return new String(socket.read(n, WAIT), StandardCharsets.UTF_8);
    }
}
