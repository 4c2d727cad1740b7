package io.drover.server.http.limits;

import io.drover.server.http.OneLine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slows down password guessing at {@code POST /api/v1/auth/login}. The login handler calls
 * {@link #admitAddress} before it reads the body and {@link #checkUser} before it verifies a
 * password, then {@link #recordFailure} or {@link #recordSuccess}.
 *
 * <ul>
 * <li>Per client address: {@code loginsPerMinutePerAddress} attempts a minute, failed or not.</li>
 * <li>Per username: after {@code failuresPerUser} failures in a row the username is refused; it
 *     earns one attempt back every {@code failureWindow / failuresPerUser}, and a success clears it.
 *     This is a token bucket, so over any long stretch a username sees at most {@code failuresPerUser}
 *     failures per {@code failureWindow}. Someone who knows a username can keep it locked this way;
 *     the per-address limit (and the audit trail's denied logins) are what catch them.</li>
 * </ul>
 *
 * Counts {@code drover_logins_total{outcome=ok|failed|throttled}} and logs failures (never the password).
 */
public final class LoginThrottle {
    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);
    /** Addresses and usernames remembered; beyond that the longest idle is forgotten. */
    static final int MAX_KEYS = 65_536;
    /** Usernames longer than this are cut for the key (an attacker's 1 MB name must not be a 1 MB key). */
    private static final int MAX_NAME = 256;

    private final RateLimiter perAddress;
    private final RateLimiter perUser;
    private final Counter ok;
    private final Counter failed;
    private final Counter throttled;

    public LoginThrottle(RateLimits settings, Clock clock, MeterRegistry registry) {
        this.perAddress = new RateLimiter(settings.loginsPerMinutePerAddress(), Duration.ofMinutes(1), MAX_KEYS, clock);
        this.perUser = new RateLimiter(settings.failuresPerUser(), settings.failureWindow(), MAX_KEYS, clock);
        this.ok = counter(registry, "ok");
        this.failed = counter(registry, "failed");
        this.throttled = counter(registry, "throttled");
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder("drover.logins").tag("outcome", outcome).description("Login attempts by outcome").register(registry);
    }

    /**
     * Before a password is checked: takes one of the address's attempts and checks the username is
     * not locked. Throws {@link TooManyRequests} (429 with {@code Retry-After}) when either limit is reached.
     */
    public void checkAttempt(String address, String username) {
        checkUser(username);
        admitAddress(address);
    }

    /**
     * Takes one of the address's attempts; the login handler calls it before it reads the body, so
     * an address over its limit cannot hold a thread with a slow one. Throws {@link TooManyRequests}.
     */
    public void admitAddress(String address) {
        Duration addressWait = perAddress.acquire(addressKey(address));
        if (!addressWait.isZero()) {
            throttled.increment();
            throw new TooManyRequests("too many login attempts from this address; try again later", addressWait);
        }
    }

    /**
     * Throws {@link TooManyRequests} while the username is locked by failures: before a login's
     * password is checked, and before a signed-in user's password (or code) is checked again, to
     * change the password or turn two-factor off, so a stolen session or token cannot guess more
     * than a login could. No address attempt is taken here.
     */
    public void checkUser(String username) {
        Duration userWait = perUser.check(userKey(username));
        if (!userWait.isZero()) {
            throttled.increment();
            throw new TooManyRequests("too many wrong passwords or codes for this user; try again later", userWait);
        }
    }

    /** A password (or second factor) was wrong, or the user is unknown or disabled. */
    public void recordFailure(String address, String username) {
        failed.increment();
        perUser.charge(userKey(username));
        log.warn("failed login for user '{}' from {}", OneLine.of(username, 65), address);
    }

    /** The user signed in: their failures are forgotten. */
    public void recordSuccess(String username) {
        ok.increment();
        perUser.reset(userKey(username));
    }

    /** Usernames are matched without case so {@code Admin} and {@code admin} share one count. */
    private static String userKey(String username) {
        String name = username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
        return name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name;
    }

    private static String addressKey(String address) {
        return address == null ? "" : address;
    }

}
