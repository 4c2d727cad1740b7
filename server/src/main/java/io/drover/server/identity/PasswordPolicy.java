package io.drover.server.identity;

import io.drover.server.http.InvalidRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * At least 12 characters (NIST 800-63B favours length over composition rules), at most 1024, not
 * one character repeated, not on the list of common passwords ({@code common-passwords.txt},
 * written by {@code scripts/common-passwords.py}: common words with the suffixes people add,
 * keyboard walks, runs, short units repeated; compared without case), and, when it replaces one,
 * not the current password again.
 */
final class PasswordPolicy {
    static final int MIN_LENGTH = 12;
    static final int MAX_LENGTH = 1024;
    private static final String COMMON_LIST = "common-passwords.txt";

    private PasswordPolicy() {}

    static String check(String password) {
        if (password == null || password.isEmpty()) throw new InvalidRequest("a password is required");
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH) throw new InvalidRequest("the password must have at least " + MIN_LENGTH + " characters");
        if (length > MAX_LENGTH) throw new InvalidRequest("the password must have at most " + MAX_LENGTH + " characters");
        if (password.chars().anyMatch(c -> c == 0)) throw new InvalidRequest("the password must not contain NUL");
        if (password.codePoints().distinct().count() == 1) {
            throw new InvalidRequest("the password must not be one character repeated; choose a longer phrase of unrelated words");
        }
        if (Common.PASSWORDS.contains(password.toLowerCase(Locale.ROOT))) {
            throw new InvalidRequest("the password is on the list of common passwords (words with digits added, keyboard walks, "
                    + "runs, repeats); choose a longer phrase of unrelated words");
        }
        return password;
    }

    /** {@link #check}, and not the password {@code currentHash} holds (null: the user has none). */
    static String checkReplacing(String password, String currentHash) {
        check(password);
        if (currentHash != null && PasswordHasher.verify(password, currentHash)) {
            throw new InvalidRequest("the new password must differ from the current one");
        }
        return password;
    }

    /** The password given, checked, or a generated one when none is. */
    static String givenOrGenerated(String given) {
        return given == null ? generate() : check(given);
    }

    /** A random password that meets the policy: 20 characters from an unambiguous alphabet (~114 bits). */
    static String generate() {
        return Secrets.randomString(20);
    }

    /** Read at the first check, once. */
    private static final class Common {
        static final Set<String> PASSWORDS = load();

        private static Set<String> load() {
            try (InputStream in = PasswordPolicy.class.getResourceAsStream(COMMON_LIST)) {
                if (in == null) throw new IllegalStateException(COMMON_LIST + " is missing from the server's jar");
                Set<String> out = new HashSet<>();
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                for (String line; (line = reader.readLine()) != null; ) {
                    if (!line.isEmpty()) out.add(line);
                }
                return out;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
