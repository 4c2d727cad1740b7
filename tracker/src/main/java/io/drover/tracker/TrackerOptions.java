package io.drover.tracker;

import java.net.URI;
import java.time.Duration;

/**
 * What the command line asked for, already validated by {@link FlagParser}.
 *
 * @param api           server base URL, without a trailing slash
 * @param interfaceName network interface whose IPv4 address is reported
 * @param interval      time between heartbeats
 * @param retry         wait between attempts to find an IPv4 address
 * @param verbose       log every successful heartbeat
 * @param token         bearer token, empty when none
 */
record TrackerOptions(URI api, String interfaceName, Duration interval, Duration retry, boolean verbose,
        String token) {

    URI registerUri() {
        return URI.create(api + "/api/register");
    }
}
