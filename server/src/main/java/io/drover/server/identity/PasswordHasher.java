package io.drover.server.identity;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/**
 * Argon2id password hashes as PHC strings ({@code $argon2id$v=19$m=…}), with OWASP's baseline
 * cost (19 MiB, 2 passes, 1 lane). A stored hash carries its own parameters, so raising the cost
 * later leaves old hashes verifiable.
 */
final class PasswordHasher {
    private static final Argon2Function ARGON2 = Argon2Function.getInstance(19 * 1024, 2, 1, 32, Argon2.ID);
    /** Verified against when the user does not exist, so a wrong username costs as long as a wrong password. */
    private static final String DUMMY = hash("not a real password, only spends the time");

    private PasswordHasher() {}

    static String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(ARGON2).getResult();
    }

    static boolean verify(String password, String hash) {
        if (hash == null || !hash.startsWith("$argon2")) return waste(password);
        try {
            return Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Spends a verification's time and answers false. */
    static boolean waste(String password) {
        verify(password, DUMMY);
        return false;
    }
}
