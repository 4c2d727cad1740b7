package io.drover.server.http.limits;

import java.time.Duration;

/**
 * How fast one client address may knock, and how many failed logins a username may have (a limit
 * of 0 turns that limit off).
 *
 * @param loginsPerMinutePerAddress login attempts one client address may make per minute
 * @param failuresPerUser      failed logins for one username within {@code failureWindow} before it is refused
 * @param registrationsPerSecondPerAddress heartbeats one address may post per second (NATed fleets share one)
 * @param joinsPerMinutePerAddress host joins one address may attempt per minute (join tokens are guessed there)
 */
public record RateLimits(int loginsPerMinutePerAddress, int failuresPerUser, Duration failureWindow,
                         int registrationsPerSecondPerAddress, int joinsPerMinutePerAddress) {}
