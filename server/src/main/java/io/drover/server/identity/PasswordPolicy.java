package io.drover.server.identity;

import io.drover.server.http.InvalidRequest;

/** At least 12 characters (NIST 800-63B favours length over composition rules), at most 1024. */
final class PasswordPolicy {
    static final int MIN_LENGTH = 12;
    static final int MAX_LENGTH = 1024;

    private PasswordPolicy() {}

    static String check(String password) {
        if (password == null || password.isEmpty()) throw new InvalidRequest("a password is required");
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH) throw new InvalidRequest("the password must have at least " + MIN_LENGTH + " characters");
        if (length > MAX_LENGTH) throw new InvalidRequest("the password must have at most " + MAX_LENGTH + " characters");
        if (password.chars().anyMatch(c -> c == 0)) throw new InvalidRequest("the password must not contain NUL");
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
}
