package io.drover.protocol.identity;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * POST /api/v1/auth/totp/enroll: the new secret, shown this once, as text to type, as the URI an
 * authenticator app takes, and as a QR code of that URI (an SVG document).
 */
public record TotpEnrollment(@JsonProperty("secret") String secret, @JsonProperty("otpauth_uri") String otpauthUri,
                             @JsonProperty("qr_svg") String qrSvg) {}
