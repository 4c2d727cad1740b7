package io.drover.server.http.limits;

import io.drover.server.http.Admission;
import io.drover.server.http.Route;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Per client address limits on the routes a stranger may call without an account: the tracker
 * heartbeat ({@code POST /api/register}) and an agent joining ({@code POST /api/v1/hosts/join}).
 * Refusals answer 429 with {@code Retry-After} and count in {@code drover_rate_limited_total{route}}.
 * Login has its own limits ({@link LoginThrottle}), applied by the login handler because they
 * depend on the username in the body.
 */
public final class AddressLimits implements Admission {
    public static final String REGISTER = "/api/register";
    public static final String JOIN = "/api/v1/hosts/join";
    /** Addresses remembered per limited route; beyond that the longest idle is forgotten. */
    static final int MAX_ADDRESSES = 65_536;

    private final Map<String, Limited> byPath = new HashMap<>();

    public AddressLimits(RateLimits settings, Clock clock, MeterRegistry registry) {
        limit(REGISTER, settings.registrationsPerSecondPerAddress(), Duration.ofSeconds(1), "heartbeats", clock, registry);
        limit(JOIN, settings.joinsPerMinutePerAddress(), Duration.ofMinutes(1), "join attempts", clock, registry);
    }

    private void limit(String path, int permits, Duration per, String what, Clock clock, MeterRegistry registry) {
        if (permits <= 0) return;
        Counter refused = Counter.builder("drover.rate.limited").tag("route", path)
                .description("Requests refused with 429 by a rate limit").register(registry);
        String detail = "too many " + what + " from this address (at most " + permits + " per " + describe(per) + ")";
        byPath.put(path, new Limited(new RateLimiter(permits, per, MAX_ADDRESSES, clock), refused, detail));
    }

    private static String describe(Duration per) {
        return per.equals(Duration.ofSeconds(1)) ? "second" : per.equals(Duration.ofMinutes(1)) ? "minute" : per.toString();
    }

    @Override
    public void admit(Route route, String address) {
        Limited limited = byPath.get(route.path());
        if (limited == null) return;
        Duration wait = limited.limiter.acquire(address == null ? "" : address);
        if (wait.isZero()) return;
        limited.refused.increment();
        throw new TooManyRequests(limited.detail, wait);
    }

    private record Limited(RateLimiter limiter, Counter refused, String detail) { }
}
