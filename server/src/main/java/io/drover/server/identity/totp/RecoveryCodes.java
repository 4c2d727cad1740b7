package io.drover.server.identity.totp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One-time recovery codes for a user who lost their authenticator: {@value #COUNT} codes of the
 * form {@code XXXX-XXXX-XXXX} in Crockford's Base32 alphabet (no I, L, O, U; typing I/L for 1 and
 * O for 0 is forgiven), 60 random bits each. Shown once; only their hashes are stored.
 *
 * <p>Why SHA-256 and not Argon2: each code carries 60 bits from SecureRandom, so there is no
 * dictionary to try; guessing one from a stolen hash takes about 2^59 SHA-256 evaluations, years of
 * a GPU, and buys only a second factor (the password is still needed). A slow hash would instead
 * cost up to {@value #COUNT} Argon2 runs on every recovery login.
 */
public final class RecoveryCodes {
    public static final int COUNT = 10;
    private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final int LENGTH = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Fresh codes to show the user once, and the hashes to store in their place. */
    public record Issued(List<String> codes, List<String> hashes) {
        public Issued {
            codes = List.copyOf(codes);
            hashes = List.copyOf(hashes);
        }

        @Override
        public String toString() {
            return "RecoveryCodes.Issued[" + codes.size() + " codes]";
        }
    }

    private RecoveryCodes() {}

    public static Issued issue() {
        List<String> codes = new ArrayList<>(COUNT);
        List<String> hashes = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            StringBuilder code = new StringBuilder(LENGTH + 2);
            for (int c = 0; c < LENGTH; c++) {
                if (c > 0 && c % 4 == 0) code.append('-');
                code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
            }
            codes.add(code.toString());
            hashes.add(hash(normalise(code.toString()).orElseThrow()));
        }
        return new Issued(codes, hashes);
    }

    /**
     * The stored hashes without the one {@code presented} matches, or empty when it matches none
     * (including input that cannot be a code). Store the result in place of {@code storedHashes}
     * with a compare-and-set on the old list, so two concurrent logins cannot spend one code twice.
     */
    public static Optional<List<String>> consume(List<String> storedHashes, String presented) {
        Optional<String> code = normalise(presented);
        if (code.isEmpty()) return Optional.empty();
        byte[] given = hash(code.get()).getBytes(StandardCharsets.US_ASCII);
        int matched = -1;
        for (int i = 0; i < storedHashes.size(); i++) {
            if (MessageDigest.isEqual(given, storedHashes.get(i).getBytes(StandardCharsets.US_ASCII)) && matched < 0) matched = i;
        }
        if (matched < 0) return Optional.empty();
        List<String> remaining = new ArrayList<>(storedHashes);
        remaining.remove(matched);
        return Optional.of(List.copyOf(remaining));
    }

    /** Upper case without dashes and spaces, with I/L read as 1 and O as 0; empty when it cannot be a code. */
    static Optional<String> normalise(String presented) {
        if (presented == null || presented.length() > 64) return Optional.empty();
        StringBuilder out = new StringBuilder(LENGTH);
        for (char c : presented.toUpperCase(Locale.ROOT).toCharArray()) {
            if (c == '-' || c == ' ') continue;
            char mapped = switch (c) {
                case 'I', 'L' -> '1';
                case 'O' -> '0';
                default -> c;
            };
            if (ALPHABET.indexOf(mapped) < 0) return Optional.empty();
            out.append(mapped);
        }
        return out.length() == LENGTH ? Optional.of(out.toString()) : Optional.empty();
    }

    private static String hash(String normalised) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(normalised.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
