package io.drover.server.identity.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Named Totp* so the 2FA test selection picks it up. */
class TotpOtpauthUriTest {
    private static final byte[] SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @Test
    void plainUsername() {
        assertThat(OtpauthUri.of("Drover", "alice", SECRET, Totp.standard())).isEqualTo(
                "otpauth://totp/Drover:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Drover&algorithm=SHA1&digits=6&period=30");
    }

    @Test
    void oddCharactersArePercentEncodedAndCannotAddParameters() {
        String uri = OtpauthUri.of("Drover Lab", "bob smith&secret=AAAA#x/ü:é+?", SECRET, Totp.standard());
        assertThat(uri).startsWith("otpauth://totp/Drover%20Lab:bob%20smith%26secret%3DAAAA%23x%2F%C3%BC%3A%C3%A9%2B%3F?secret=GEZ")
                .contains("&issuer=Drover%20Lab&");
        URI parsed = URI.create(uri);
        assertThat(parsed.getScheme()).isEqualTo("otpauth");
        assertThat(parsed.getHost()).isEqualTo("totp");
        assertThat(parsed.getPath()).isEqualTo("/Drover Lab:bob smith&secret=AAAA#x/ü:é+?");
        assertThat(parsed.getRawQuery().split("&")).hasSize(5).filteredOn(p -> p.startsWith("secret=")).hasSize(1);
        assertThat(parsed.getFragment()).isNull();
    }

    @Test
    void anIssuerWithAColonIsRefused() {
        assertThatThrownBy(() -> OtpauthUri.of("Dro:ver", "alice", SECRET, Totp.standard())).isInstanceOf(IllegalArgumentException.class);
    }
}
