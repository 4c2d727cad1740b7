package io.drover.server.identity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.protocol.identity.TotpEnrollment;
import io.drover.server.identity.totp.Base32;
import io.drover.server.identity.totp.OtpauthUri;
import io.drover.server.identity.totp.QrSvg;
import io.drover.server.identity.totp.RecoveryCodes;
import io.drover.server.identity.totp.Totp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A user's TOTP second factor: enrollment (a pending secret until a code confirms it), the check
 * at login, disabling it and an admin's reset. The secret is stored sealed by {@link SecretBox};
 * a code is good once (the last step used is stored with a conditional update) and a recovery
 * code is good once (the list is replaced with a compare-and-set).
 */
final class TwoFactor {
    static final String ISSUER = "Drover";
    private static final Logger LOG = LoggerFactory.getLogger(TwoFactor.class);
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    /** Concurrent recovery logins spending different codes each invalidate the other's compare-and-set; this many retries settle it. */
    private static final int RECOVERY_ATTEMPTS = 5;

    private final UserStore store;
    private final SecretBox box;
    private final Clock clock;
    private final ObjectMapper mapper;
    private final Totp totp = Totp.standard();

    TwoFactor(UserStore store, SecretBox box, Clock clock, ObjectMapper mapper) {
        this.store = store;
        this.box = box;
        this.clock = clock;
        this.mapper = mapper;
    }

    /** A new pending secret for {@code user}, replacing a pending one; two-factor stays off until {@link #confirm}. */
    TotpEnrollment enroll(User user) {
        if (user.totpEnabled()) throw new TotpAlreadyEnabled();
        byte[] secret = Totp.newSecret();
        String base32 = Base32.encode(secret);
        if (!store.startTotpEnrollment(user.id(), box.encrypt(base32))) throw new TotpAlreadyEnabled();
        String uri = uri(user, secret);
        return new TotpEnrollment(base32, uri, QrSvg.render(uri));
    }

    /** The QR code of the pending enrollment, for a page that shows it again. */
    String pendingQrSvg(User user) {
        if (user.totpEnabled()) throw new TotpAlreadyEnabled();
        String sealed = store.secrets(user.id()).totpSecret();
        if (sealed == null) throw new TotpNotPending();
        return QrSvg.render(uri(user, open(sealed)));
    }

    /** Turns two-factor on when {@code code} is the pending secret's; returns the recovery codes, shown only now. */
    List<String> confirm(User user, String code) {
        if (user.totpEnabled()) throw new TotpAlreadyEnabled();
        String sealed = store.secrets(user.id()).totpSecret();
        if (sealed == null) throw new TotpNotPending();
        OptionalLong step = totp.verify(open(sealed), code == null ? null : code.strip(), clock.instant());
        if (step.isEmpty()) throw new TotpCodeRejected();
        RecoveryCodes.Issued issued = RecoveryCodes.issue();
        if (!store.enableTotp(user.id(), sealed, step.getAsLong(), json(issued.hashes()))) throw new TotpNotPending();
        LOG.info("two-factor turned on for {}", user.username());
        return issued.codes();
    }

    /**
     * Whether {@code presented} is a current code not used before, or one of the unused recovery
     * codes (which is then used up). Six digits are read as a TOTP code, anything else as a recovery code.
     */
    boolean accepts(User user, String presented) {
        if (presented == null) return false;
        String given = presented.strip();
        UserStore.LoginSecrets secrets = store.secrets(user.id());
        if (secrets.totpSecret() == null) return false;
        if (given.length() == totp.digits() && given.chars().allMatch(c -> c >= '0' && c <= '9')) {
            long lastUsed = secrets.totpLastStep() == null ? Totp.NO_STEP_USED : secrets.totpLastStep();
            OptionalLong step = totp.verify(open(secrets.totpSecret()), given, clock.instant(), lastUsed);
            return step.isPresent() && store.useTotpStep(user.id(), step.getAsLong());
        }
        for (int attempt = 0; attempt < RECOVERY_ATTEMPTS; attempt++) {
            String stored = secrets.recoveryCodes();
            if (stored == null) return false;
            Optional<List<String>> remaining = RecoveryCodes.consume(parse(stored), given);
            if (remaining.isEmpty()) return false;
            if (store.replaceRecoveryCodes(user.id(), stored, json(remaining.get()))) {
                LOG.info("{} used a recovery code; {} left", user.username(), remaining.get().size());
                return true;
            }
            secrets = store.secrets(user.id());
        }
        return false;
    }

    /** The user turns two-factor off, proving it with a current or recovery code (the caller checked the password). */
    void disable(User user, String code) {
        if (!user.totpEnabled()) throw new TotpNotEnabled();
        if (!accepts(user, code)) throw new PasswordWrong("the password or the code is wrong");
        store.clearTotp(user.id());
        LOG.info("two-factor turned off by {}", user.username());
    }

    /** An admin clears a user's second factor (a lost phone and no recovery codes): password only from now on. */
    void reset(User user) {
        store.clearTotp(user.id());
        LOG.info("two-factor of {} reset by an admin", user.username());
    }

    private String uri(User user, byte[] secret) {
        return OtpauthUri.of(ISSUER, user.username(), secret, totp);
    }

    private byte[] open(String sealed) {
        try {
            return Base32.decode(box.decrypt(sealed));
        } catch (SecretUnreadable e) {
            LOG.error("the TOTP secret of a user cannot be read: {}", e.getMessage());
            throw new SecondFactorUnreadable();
        }
    }

    private String json(List<String> hashes) {
        try {
            return mapper.writeValueAsString(hashes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> parse(String stored) {
        try {
            return mapper.readValue(stored, STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stored recovery codes are not a JSON array", e);
        }
    }
}
