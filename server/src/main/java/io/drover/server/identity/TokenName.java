package io.drover.server.identity;

import io.drover.server.http.InvalidRequest;
import java.util.regex.Pattern;

/** The name a user gives a token (API or registration) so they can tell it apart in a listing. */
public final class TokenName {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}");

    private TokenName() {}

    public static String check(String name) {
        if (name == null || !VALID.matcher(name).matches()) {
            throw new InvalidRequest("name must be 1-64 characters of letters, digits, space, '.', '_' and '-', starting with a letter or digit");
        }
        return name;
    }
}
