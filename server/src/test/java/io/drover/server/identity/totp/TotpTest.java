package io.drover.server.identity.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TotpTest {
    // RFC 6238 appendix B: the SHA-1 seed is the ASCII string "12345678901234567890".
    private static final byte[] RFC_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z"); // 1795341600, a step boundary
    private final Totp totp = Totp.standard();

    @ParameterizedTest(name = "T={0}s -> {1}")
    @CsvSource({
            "59, 94287082",
            "1111111109, 07081804",
            "1111111111, 14050471",
            "1234567890, 89005924",
            "2000000000, 69279037",
            "20000000000, 65353130"})
    void rfc6238AppendixBSha1Vectors(long seconds, String expected) {
        Totp eight = new Totp(8, 30);
        Instant at = Instant.ofEpochSecond(seconds);
        assertThat(eight.code(RFC_SECRET, eight.stepAt(at))).isEqualTo(expected);
        assertThat(eight.verify(RFC_SECRET, expected, at)).hasValue(eight.stepAt(at));
        // The 6-digit code is the same truncation taken modulo 10^6.
        assertThat(totp.code(RFC_SECRET, totp.stepAt(at))).isEqualTo(expected.substring(2));
    }

    @Test
    void acceptsTheStepBeforeAndAfterButNotTwoAway() {
        byte[] secret = Totp.newSecret();
        long now = totp.stepAt(T0);
        for (long offset = -1; offset <= 1; offset++) {
            assertThat(totp.verify(secret, totp.code(secret, now + offset), T0)).hasValue(now + offset);
        }
        assertThat(totp.verify(secret, totp.code(secret, now - 2), T0)).isEmpty();
        assertThat(totp.verify(secret, totp.code(secret, now + 2), T0)).isEmpty();
    }

    @Test
    void windowEdgesFollowTheClockToTheSecond() {
        byte[] secret = Totp.newSecret();
        String code = totp.code(secret, totp.stepAt(T0));
        // Valid from the start of the step before (T0 - 30 s, when it is "next") to the last second of the step after.
        assertThat(totp.verify(secret, code, T0.minusSeconds(30))).isPresent();
        assertThat(totp.verify(secret, code, T0.minusSeconds(31))).isEmpty();
        assertThat(totp.verify(secret, code, T0.plusSeconds(59))).isPresent();
        assertThat(totp.verify(secret, code, T0.plusSeconds(60))).isEmpty();
    }

    @Test
    void aStepAlreadyUsedIsRefused() {
        byte[] secret = Totp.newSecret();
        String code = totp.code(secret, totp.stepAt(T0));
        OptionalLong used = totp.verify(secret, code, T0, Totp.NO_STEP_USED);
        assertThat(used).isPresent();
        assertThat(totp.verify(secret, code, T0.plusSeconds(10), used.getAsLong())).isEmpty();
        // An older code is refused too once a later one was used.
        String previous = totp.code(secret, totp.stepAt(T0) - 1);
        assertThat(totp.verify(secret, previous, T0, used.getAsLong())).isEmpty();
        // The next step's code works.
        String next = totp.code(secret, totp.stepAt(T0) + 1);
        assertThat(totp.verify(secret, next, T0.plusSeconds(30), used.getAsLong())).hasValue(used.getAsLong() + 1);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"12345", "1234567", "12345a", " 123456", "123456 ", "12 456", "-12345", "+12345",
            "١٢٣٤٥٦", "１２３４５６", "123456\u0000", "ABCDEF", "12345６"})
    void garbageIsRefused(String code) {
        assertThat(totp.verify(RFC_SECRET, code, T0)).isEmpty();
    }

    @Test
    void theRightCodeForAnotherSecretIsRefused() {
        byte[] secret = Totp.newSecret();
        assertThat(totp.verify(Totp.newSecret(), totp.code(secret, totp.stepAt(T0)), T0)).isEmpty();
    }

    @Test
    void secretsAre160RandomBits() {
        byte[] a = Totp.newSecret();
        assertThat(a).hasSize(20);
        assertThat(a).isNotEqualTo(Totp.newSecret());
    }

    @Test
    void onlySixToEightDigits() {
        assertThatThrownBy(() -> new Totp(5, 30)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Totp(9, 30)).isInstanceOf(IllegalArgumentException.class);
    }
}
