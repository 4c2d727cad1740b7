package io.drover.server.identity.totp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Named Totp* so the 2FA test selection picks it up. */
class TotpRecoveryCodesTest {
    @Test
    void tenDistinctCodesStoredOnlyAsHashes() {
        RecoveryCodes.Issued issued = RecoveryCodes.issue();
        assertThat(issued.codes()).hasSize(10).allMatch(c -> c.matches("[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}"));
        assertThat(new HashSet<>(issued.codes())).hasSize(10);
        assertThat(issued.hashes()).hasSize(10).allMatch(h -> h.matches("[0-9a-f]{64}"));
        for (String code : issued.codes()) {
            assertThat(String.join(",", issued.hashes())).doesNotContain(code).doesNotContain(code.replace("-", ""));
        }
        assertThat(issued.toString()).doesNotContain(issued.codes().get(0));
    }

    @Test
    void eachCodeWorksOnce() {
        RecoveryCodes.Issued issued = RecoveryCodes.issue();
        List<String> stored = issued.hashes();
        for (int i = 0; i < 10; i++) {
            List<String> remaining = RecoveryCodes.consume(stored, issued.codes().get(i)).orElseThrow();
            assertThat(remaining).hasSize(9 - i);
            assertThat(RecoveryCodes.consume(remaining, issued.codes().get(i))).isEmpty();
            stored = remaining;
        }
        assertThat(stored).isEmpty();
    }

    @Test
    void caseDashesSpacesAndLookAlikesAreForgiven() {
        RecoveryCodes.Issued issued = RecoveryCodes.issue();
        String code = issued.codes().get(3);
        String retyped = " " + code.replace("-", " ").toLowerCase().replace('0', 'o').replace('1', 'l') + " ";
        assertThat(RecoveryCodes.consume(issued.hashes(), retyped)).hasValueSatisfying(r -> assertThat(r).hasSize(9));
        assertThat(RecoveryCodes.consume(issued.hashes(), code.replace("-", ""))).isPresent();
    }

    @Test
    void anotherUsersCodeDoesNotWork() {
        assertThat(RecoveryCodes.consume(RecoveryCodes.issue().hashes(), RecoveryCodes.issue().codes().get(0))).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"abcd", "ABCD-EFGH-JKM", "ABCD-EFGH-JKMNP", "ABCD-EFGH-JKU0", "' OR 1=1 --", "ABCD_EFGH_JKMN"})
    void garbageMatchesNothing(String code) {
        assertThat(RecoveryCodes.consume(RecoveryCodes.issue().hashes(), code)).isEmpty();
    }
}
