package io.drover.server.identity.totp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 time-based one-time passwords with HMAC-SHA1, the only algorithm every authenticator
 * app supports. {@link #standard()} is what Drover enrolls: 6 digits, 30-second steps.
 *
 * <p>{@link #verify} accepts the step before and after the current one (clock drift, a code typed
 * as it rolls over) and returns the step that matched. A code is valid for up to 90 seconds, so
 * the caller must refuse replays: store the last step used per user and pass it to the next
 * {@code verify}; only later steps are accepted.
 */
public final class Totp {
    public static final int SECRET_BYTES = 20; // 160 bits, the HMAC-SHA1 block output size RFC 4226 recommends
    public static final long NO_STEP_USED = Long.MIN_VALUE;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private final int digits;
    private final long stepSeconds;

    public Totp(int digits, long stepSeconds) {
        if (digits < 6 || digits > 8) throw new IllegalArgumentException("digits must be 6, 7 or 8");
        if (stepSeconds < 1) throw new IllegalArgumentException("the step must be at least one second");
        this.digits = digits;
        this.stepSeconds = stepSeconds;
    }

    public static Totp standard() {
        return new Totp(6, 30);
    }

    public static byte[] newSecret() {
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return secret;
    }

    public int digits() {
        return digits;
    }

    public long stepSeconds() {
        return stepSeconds;
    }

    /** The time step {@code t} falls in (RFC 6238's T, counted from the Unix epoch). */
    public long stepAt(Instant t) {
        return Math.floorDiv(t.getEpochSecond(), stepSeconds);
    }

    /** The code for {@code step}, zero-padded to {@link #digits()}. */
    public String code(byte[] secret, long step) {
        byte[] hash = hmacSha1(secret, ByteBuffer.allocate(8).putLong(step).array());
        int offset = hash[hash.length - 1] & 0x0f;
        int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
        String code = Integer.toString(binary % POWERS[digits]);
        return "0".repeat(digits - code.length()) + code;
    }

    /** Like {@link #verify(byte[], String, Instant, long)} with no step used before: for enrollment, where no replay state exists yet. */
    public OptionalLong verify(byte[] secret, String presented, Instant now) {
        return verify(secret, presented, now, NO_STEP_USED);
    }

    /**
     * The step {@code presented} is the code of, among the step at {@code now} and its two
     * neighbours, counting only steps after {@code lastUsedStep}; empty when none matches or the
     * input is not exactly {@link #digits()} ASCII digits. Store the returned step as the user's new
     * last used step (atomically, compare-and-set on the old value, so two concurrent logins
     * cannot both spend the same code).
     */
    public OptionalLong verify(byte[] secret, String presented, Instant now, long lastUsedStep) {
        if (!wellFormed(presented)) return OptionalLong.empty();
        byte[] given = presented.getBytes(StandardCharsets.US_ASCII);
        long current = stepAt(now);
        long matched = 0;
        boolean found = false;
        // Every candidate is computed and compared in constant time so timing does not say which window matched.
        for (long step = current - 1; step <= current + 1; step++) {
            boolean equal = MessageDigest.isEqual(given, code(secret, step).getBytes(StandardCharsets.US_ASCII));
            if (equal && step > lastUsedStep && !found) {
                matched = step;
                found = true;
            }
        }
        return found ? OptionalLong.of(matched) : OptionalLong.empty();
    }

    private boolean wellFormed(String presented) {
        if (presented == null || presented.length() != digits) return false;
        for (int i = 0; i < presented.length(); i++) {
            char c = presented.charAt(i);
            if (c < '0' || c > '9') return false; // ASCII only: Character.isDigit would let in other scripts' digits
        }
        return true;
    }

    private static byte[] hmacSha1(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is missing from this JDK", e);
        }
    }
}
