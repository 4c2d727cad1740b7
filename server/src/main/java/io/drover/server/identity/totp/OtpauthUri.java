package io.drover.server.identity.totp;

import java.nio.charset.StandardCharsets;

/**
 * The {@code otpauth://totp/…} URI an authenticator app enrolls from (Google's Key Uri Format):
 * label {@code issuer:account}, then secret, issuer, algorithm, digits and period. Issuer and
 * account are percent-encoded as UTF-8 with only RFC 3986 unreserved characters left as they are,
 * so a username with spaces, {@code &}, {@code #}, {@code :} or non-ASCII letters cannot break
 * the URI or inject parameters.
 */
public final class OtpauthUri {
    private OtpauthUri() {}

    public static String of(String issuer, String account, byte[] secret, Totp totp) {
        if (issuer == null || issuer.isBlank()) throw new IllegalArgumentException("the issuer is required");
        if (issuer.indexOf(':') >= 0) throw new IllegalArgumentException("the issuer may not contain ':' (it separates issuer and account in the label)");
        if (account == null || account.isEmpty()) throw new IllegalArgumentException("the account name is required");
        String encodedIssuer = encode(issuer);
        return "otpauth://totp/" + encodedIssuer + ":" + encode(account)
                + "?secret=" + Base32.encode(secret)
                + "&issuer=" + encodedIssuer
                + "&algorithm=SHA1&digits=" + totp.digits() + "&period=" + totp.stepSeconds();
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters (URLEncoder would turn spaces into {@code +}, which apps show literally). */
    static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }
}
