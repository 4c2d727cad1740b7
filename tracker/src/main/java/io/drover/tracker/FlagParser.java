package io.drover.tracker;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * Parses the command line the way Go's {@code flag} package does, so existing unit files and
 * scripts written for the Go tracker keep working: {@code -flag value}, {@code -flag=value},
 * {@code --flag} spellings, boolean flags only take {@code =value}, {@code --} ends the flags.
 * Unlike Go, a leftover positional argument is an error: it is almost always a typo such as
 * {@code -interval 30 s}.
 */
final class FlagParser {

    static final String DEFAULT_API = "http://localhost:8080";
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    static final Duration DEFAULT_RETRY = Duration.ofSeconds(5);

    private final String defaultInterface;

    /** @param defaultInterface the interface of the default route, or {@code eth0} when there is none */
    FlagParser(String defaultInterface) {
        this.defaultInterface = defaultInterface;
    }

    TrackerOptions parse(List<String> args) throws UsageException {
        URI api = api(DEFAULT_API);
        String interfaceName = defaultInterface;
        Duration interval = DEFAULT_INTERVAL;
        Duration retry = DEFAULT_RETRY;
        boolean verbose = false;
        String token = "";

        Deque<String> rest = new ArrayDeque<>(args);
        while (!rest.isEmpty()) {
            String arg = rest.peekFirst();
            if (arg.length() < 2 || arg.charAt(0) != '-') {
                break;
            }
            rest.removeFirst();
            int dashes = arg.charAt(1) == '-' ? 2 : 1;
            if (dashes == 2 && arg.length() == 2) {
                break; // "--" ends the flags
            }
            String name = arg.substring(dashes);
            if (name.isEmpty() || name.charAt(0) == '-' || name.charAt(0) == '=') {
                throw new UsageException("bad flag syntax: " + arg);
            }
            String value = null;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            switch (name) {
                case "h", "help" -> throw new HelpRequestedException();
                case "verbose" -> {
                    verbose = value == null || bool(name, value);
                    continue;
                }
                case "api", "interface", "interval", "retry", "token" -> {
                    // known flag that takes a value: handled below
                }
                default -> throw new UsageException("flag provided but not defined: -" + name);
            }
            if (value == null) {
                if (rest.isEmpty()) {
                    throw new UsageException("flag needs an argument: -" + name);
                }
                value = rest.removeFirst();
            }
            switch (name) {
                case "api" -> api = api(value);
                case "interface" -> interfaceName = interfaceName(value);
                case "interval" -> interval = duration(name, value, false);
                case "retry" -> retry = duration(name, value, true);
                case "token" -> token = token(value);
                default -> throw new IllegalStateException("unhandled flag -" + name);
            }
        }
        if (!rest.isEmpty()) {
            throw new UsageException("unexpected argument \"" + rest.peekFirst() + "\": the tracker takes flags only");
        }
        return new TrackerOptions(api, interfaceName, interval, retry, verbose, token);
    }

    /** Go-style usage text; every flag with its default. */
    String usage() {
        return "Usage: drover-tracker [flags]\n"
                + "\n"
                + "Registers this machine with a Drover server and heartbeats until stopped.\n"
                + "Flags may be written -flag value, -flag=value, --flag value or --flag=value.\n"
                + "\n"
                + "  -api string\n"
                + "        Drover server URL (default \"" + DEFAULT_API + "\")\n"
                + "  -interface string\n"
                + "        network interface whose IPv4 address is reported\n"
                + "        (default \"" + defaultInterface + "\": the default route's interface, else eth0)\n"
                + "  -interval duration\n"
                + "        time between heartbeats, e.g. 30s, 1m, 500ms (default "
                + GoDuration.format(DEFAULT_INTERVAL) + ")\n"
                + "  -retry duration\n"
                + "        wait between the 3 attempts to find an IPv4 address (default "
                + GoDuration.format(DEFAULT_RETRY) + ")\n"
                + "  -token string\n"
                + "        sent as \"Authorization: Bearer <token>\" (default \"\": no header)\n"
                + "  -verbose\n"
                + "        log every successful heartbeat, not only the first one, failures and recoveries\n"
                + "        (default false)\n"
                + "  -h, -help\n"
                + "        print this help and exit\n";
    }

    private static URI api(String value) throws UsageException {
        String trimmed = value.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1); // we append /api/register ourselves
        }
        try {
            URI uri = new URI(trimmed);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && uri.getRawQuery() == null && uri.getRawFragment() == null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below with the same message as any other unusable URL
        }
        throw invalidValue("api", value, "want an http:// or https:// URL such as " + DEFAULT_API);
    }

    private static String interfaceName(String value) throws UsageException {
        if (value.isBlank()) {
            throw invalidValue("interface", value, "must not be empty");
        }
        return value;
    }

    private static Duration duration(String name, String value, boolean zeroAllowed) throws UsageException {
        Duration duration;
        try {
            duration = GoDuration.parse(value);
        } catch (IllegalArgumentException e) {
            throw invalidValue(name, value, e.getMessage());
        }
        if (duration.isNegative() || (!zeroAllowed && duration.isZero())) {
            throw invalidValue(name, value, zeroAllowed ? "must not be negative" : "must be positive");
        }
        return duration;
    }

    private static String token(String value) throws UsageException {
        // A bearer token is printable ASCII; anything else would also be refused by the HTTP client.
        if (!value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new UsageException("invalid value for flag -token: only printable ASCII without spaces is allowed");
        }
        return value;
    }

    private static boolean bool(String name, String value) throws UsageException {
        // The spellings Go's strconv.ParseBool accepts.
        switch (value) {
            case "1", "t", "T", "true", "TRUE", "True":
                return true;
            case "0", "f", "F", "false", "FALSE", "False":
                return false;
            default:
                throw new UsageException("invalid boolean value \"" + value + "\" for -" + name);
        }
    }

    private static UsageException invalidValue(String name, String value, String why) {
        return new UsageException("invalid value \"" + value + "\" for flag -" + name + ": " + why);
    }
}
