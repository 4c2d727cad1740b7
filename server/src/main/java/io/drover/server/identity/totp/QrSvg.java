package io.drover.server.identity.totp;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

/**
 * A QR code as an SVG document, rendered on the server so the enrollment secret never goes to a
 * third-party QR service or a client-side library. One {@code <path>} of unit squares (a run of
 * dark modules in a row is one rectangle) on a white background, with the 4-module quiet zone
 * scanners need, error correction M. The encoded text appears nowhere in the SVG as text.
 */
public final class QrSvg {
    static final int QUIET_ZONE = 4;

    private QrSvg() {}

    public static String render(String text) {
        BitMatrix matrix = matrix(text);
        int width = matrix.getWidth();
        int height = matrix.getHeight();
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < height; y++) {
            int x = 0;
            while (x < width) {
                if (!matrix.get(x, y)) {
                    x++;
                    continue;
                }
                int start = x;
                while (x < width && matrix.get(x, y)) x++;
                path.append('M').append(start).append(' ').append(y)
                        .append('h').append(x - start).append("v1h-").append(x - start).append('z');
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + width + " " + height + "\""
                + " width=\"" + width * 4 + "\" height=\"" + height * 4 + "\" shape-rendering=\"crispEdges\">"
                + "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
                + "<path fill=\"#000\" d=\"" + path + "\"/></svg>";
    }

    /** The modules, quiet zone included, one unit per module. */
    static BitMatrix matrix(String text) {
        try {
            Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
            hints.put(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M);
            hints.put(EncodeHintType.MARGIN, QUIET_ZONE);
            // Only non-ASCII text needs UTF-8, which costs an ECI marker some older scanners misread;
            // an otpauth URI is ASCII after percent-encoding.
            if (!StandardCharsets.US_ASCII.newEncoder().canEncode(text)) {
                hints.put(EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name());
            }
            // Width and height 0: the smallest matrix, one pixel per module.
            return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, hints);
        } catch (WriterException e) {
            throw new IllegalArgumentException("too long for a QR code (" + text.length() + " characters)", e);
        }
    }
}
