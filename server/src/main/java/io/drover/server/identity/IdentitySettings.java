package io.drover.server.identity;

import io.drover.server.http.limits.RateLimits;
import java.time.Duration;

/**
 * Sessions and rate limits.
 *
 * @param sessionIdle          a browser session unused this long ends
 * @param sessionAbsolute      a browser session ends this long after login, used or not
 * @param loginsPerMinutePerAddress login attempts one client address may make per minute
 * @param failuresPerUser      failed logins for one username within {@code failureWindow} before it is refused
 * @param registrationsPerSecondPerAddress heartbeats one address may post per second (NATed fleets share one)
 * @param joinsPerMinutePerAddress host joins one address may attempt per minute (join tokens are guessed there)
 * (a limit of 0 turns that limit off)
 */
public record IdentitySettings(Duration sessionIdle, Duration sessionAbsolute, int loginsPerMinutePerAddress,
                               int failuresPerUser, Duration failureWindow, int registrationsPerSecondPerAddress,
                               int joinsPerMinutePerAddress) {
    public static IdentitySettings defaults() {
        return new IdentitySettings(Duration.ofMinutes(30), Duration.ofHours(12), 20, 10, Duration.ofMinutes(15), 200, 10);
    }

    /** The limits the HTTP layer enforces. */
    public RateLimits rateLimits() {
        return new RateLimits(loginsPerMinutePerAddress, failuresPerUser, failureWindow, registrationsPerSecondPerAddress,
                joinsPerMinutePerAddress);
    }

    public IdentitySettings withSessions(Duration idle, Duration absolute) {
        return new IdentitySettings(idle, absolute, loginsPerMinutePerAddress, failuresPerUser, failureWindow,
                registrationsPerSecondPerAddress, joinsPerMinutePerAddress);
    }

    public IdentitySettings withRateLimits(int loginsPerMinute, int failures, Duration window, int registrationsPerSecond,
                                           int joinsPerMinute) {
        return new IdentitySettings(sessionIdle, sessionAbsolute, loginsPerMinute, failures, window, registrationsPerSecond,
                joinsPerMinute);
    }
}
