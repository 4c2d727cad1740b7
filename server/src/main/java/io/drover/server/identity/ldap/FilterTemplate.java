package io.drover.server.identity.ldap;

import com.unboundid.ldap.sdk.Filter;

/**
 * Fills {@code {0}} and {@code {1}} in a configured filter in one pass, so a value that itself
 * contains "{1}" is not substituted again. Callers pass values already escaped with {@link #escape}.
 */
final class FilterTemplate {
    private FilterTemplate() {}

    /** RFC 4515 escaping: {@code * ( ) \ NUL} and non-ASCII become {@code \xx}, so a value can only ever be a literal. */
    static String escape(String value) {
        return Filter.encodeValue(value);
    }

    static String fill(String template, String zero, String one) {
        StringBuilder out = new StringBuilder(template.length() + zero.length());
        for (int i = 0; i < template.length(); i++) {
            if (template.startsWith("{0}", i)) {
                out.append(zero);
                i += 2;
            } else if (template.startsWith("{1}", i)) {
                out.append(one);
                i += 2;
            } else {
                out.append(template.charAt(i));
            }
        }
        return out.toString();
    }
}
