package io.drover.server.identity.totp;

import java.util.Locale;

/**
 * RFC 4648 Base32 without padding, the form authenticator apps expect for a TOTP secret. Decoding
 * accepts lower case, spaces and trailing {@code =} because people retype secrets by hand.
 */
public final class Base32 {
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private Base32() {}

    public static String encode(byte[] data) {
        StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET[(buffer >>> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) out.append(ALPHABET[(buffer << (5 - bits)) & 31]);
        return out.toString();
    }

    /** The bytes {@code text} encodes; throws {@link IllegalArgumentException} (without echoing the text) when it is not Base32. */
    public static byte[] decode(String text) {
        String clean = text.replace(" ", "").toUpperCase(Locale.ROOT);
        int end = clean.length();
        while (end > 0 && clean.charAt(end - 1) == '=') end--;
        // Lengths 1, 3 and 6 (mod 8) cannot come from whole bytes.
        int rest = end % 8;
        if (rest == 1 || rest == 3 || rest == 6) throw new IllegalArgumentException("not Base32: impossible length");
        byte[] out = new byte[end * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int n = 0;
        for (int i = 0; i < end; i++) {
            int value = valueOf(clean.charAt(i));
            if (value < 0) throw new IllegalArgumentException("not Base32: character " + (i + 1) + " is outside A-Z, 2-7");
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out[n++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
            }
        }
        return out;
    }

    private static int valueOf(char c) {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= '2' && c <= '7') return c - '2' + 26;
        return -1;
    }
}
