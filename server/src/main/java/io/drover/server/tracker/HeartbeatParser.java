package io.drover.server.tracker;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.drover.protocol.Hostnames;
import io.drover.server.http.Bodies;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns a registration body into a {@link Heartbeat}, enforcing every field rule of the tracking
 * protocol. It streams the JSON (the hot path of the server) and ignores fields it does not know,
 * as the original tracker did.
 */
final class HeartbeatParser {
    static final int MAX_HOSTNAME = Hostnames.MAX_LENGTH;
    static final int MAX_INTERFACE = 64;
    static final int MAX_OS = 256;
    static final int MAX_AGENT_VERSION = 64;
    static final int MAX_ADDRESSES = 64;
    static final int MAX_INTERVAL_SECONDS = 86_400;

    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** Plain address literals only: no prefixes, masks, wildcards or inet_aton shorthands. */
    static final IPAddressStringParameters LITERAL = new IPAddressStringParameters.Builder()
            .allowEmpty(false).allowAll(false).allowPrefix(false).allowMask(false).allowSingleSegment(false)
            .allowWildcardedSeparator(false).allowPrefixOnly(false)
            .getIPv4AddressParametersBuilder().allow_inet_aton(false).allowLeadingZeros(false)
                .allowWildcardedSeparator(false).getParentBuilder()
            .getIPv6AddressParametersBuilder().allowZone(false).allowWildcardedSeparator(false)
                .allowLeadingZeros(true).getParentBuilder()
            .toParams();

    private final JsonFactory json = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build())
            .build();

    Heartbeat parse(byte[] body) {
        String hostname = null, ip = null, iface = null, uuid = null, os = null, agentVersion = null;
        Integer interval = null;
        List<String> addresses = null;
        try (JsonParser p = json.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new InvalidHeartbeat("invalid JSON: the body must be a JSON object");
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                if (t == null) throw new InvalidHeartbeat("invalid JSON: unexpected end of input");
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "hostname" -> hostname = text(p, value, field);
                    case "ip_address" -> ip = text(p, value, field);
                    case "interface" -> iface = text(p, value, field);
                    case "uuid" -> uuid = text(p, value, field);
                    case "os" -> os = text(p, value, field);
                    case "agent_version" -> agentVersion = text(p, value, field);
                    case "interval_seconds" -> interval = interval(p, value);
                    case "ip_addresses" -> addresses = addresses(p, value);
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) throw new InvalidHeartbeat("invalid JSON: trailing content after the object");
        } catch (JsonProcessingException e) {
            // In the API's words: Jackson's own name its settings and quote the input (issue 10, finding 13).
            throw new InvalidHeartbeat("invalid JSON: " + Bodies.describe(e));
        } catch (IOException e) {
            throw new InvalidHeartbeat("invalid JSON: the body could not be read");
        }
        return new Heartbeat(
                hostname(hostname),
                address(ip, "ip_address"),
                iface == null || iface.isEmpty() ? "unknown" : printable(iface, "interface", MAX_INTERFACE),
                uuid == null || uuid.isEmpty() ? null : uuid(uuid),
                interval,
                addresses,
                os == null || os.isEmpty() ? null : printable(os, "os", MAX_OS),
                agentVersion == null || agentVersion.isEmpty() ? null : printable(agentVersion, "agent_version", MAX_AGENT_VERSION));
    }

    private static String text(JsonParser p, JsonToken value, String field) throws IOException {
        if (value == JsonToken.VALUE_NULL) return null;
        if (value != JsonToken.VALUE_STRING) {
            p.skipChildren();
            throw new InvalidHeartbeat(field + " must be a string");
        }
        return p.getText();
    }

    private static Integer interval(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) return null;
        if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
            p.skipChildren();
            throw new InvalidHeartbeat("interval_seconds must be a whole number of seconds between 1 and " + MAX_INTERVAL_SECONDS);
        }
        int seconds = p.getIntValue();
        if (seconds < 1 || seconds > MAX_INTERVAL_SECONDS) {
            throw new InvalidHeartbeat("interval_seconds must be a whole number of seconds between 1 and " + MAX_INTERVAL_SECONDS);
        }
        return seconds;
    }

    private static List<String> addresses(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) return null;
        if (value != JsonToken.START_ARRAY) {
            p.skipChildren();
            throw new InvalidHeartbeat("ip_addresses must be an array of IP address strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.VALUE_STRING) throw new InvalidHeartbeat("ip_addresses must be an array of IP address strings");
            if (out.size() == MAX_ADDRESSES) throw new InvalidHeartbeat("ip_addresses holds more than " + MAX_ADDRESSES + " addresses");
            out.add(address(p.getText(), "ip_addresses"));
        }
        return List.copyOf(out);
    }

    static String hostname(String hostname) {
        if (hostname == null || hostname.isEmpty()) throw new InvalidHeartbeat("hostname is required");
        if (hostname.length() > MAX_HOSTNAME) throw new InvalidHeartbeat("hostname is longer than " + MAX_HOSTNAME + " characters");
        if (!Hostnames.hasOnlyHostnameChars(hostname)) {
            throw new InvalidHeartbeat("hostname may only contain letters, digits, '.', '-' and '_'");
        }
        return hostname;
    }

    static boolean isValidHostname(String hostname) {
        return hostname != null && !hostname.isEmpty() && hostname.length() <= MAX_HOSTNAME && Hostnames.hasOnlyHostnameChars(hostname);
    }

    private static String address(String ip, String field) {
        if (ip == null || ip.isEmpty()) throw new InvalidHeartbeat(field + " is required");
        if (ip.length() > 45 || !(isDottedQuad(ip) || new IPAddressString(ip, LITERAL).isIPAddress())) {
            throw new InvalidHeartbeat(field + " must be an IPv4 or IPv6 address literal");
        }
        return ip;
    }

    /**
     * The common case, checked without the general parser: four decimal octets 0–255 without
     * leading zeros. Anything else (IPv6, or an invalid string) goes to {@link IPAddressString}.
     */
    static boolean isDottedQuad(String s) {
        int octets = 0, i = 0, n = s.length();
        while (i < n) {
            int start = i, value = 0;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 3) {
                value = value * 10 + (s.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || value > 255 || (digits > 1 && s.charAt(start) == '0')) return false;
            octets++;
            if (i == n) break;
            if (s.charAt(i) != '.' || octets == 4) return false;
            i++;
            if (i == n) return false;
        }
        return octets == 4;
    }

    private static String uuid(String uuid) {
        if (!UUID.matcher(uuid).matches()) throw new InvalidHeartbeat("uuid must be a UUID like 4c4c4544-0042-3510-8052-b4c04f4e3732");
        return uuid.toLowerCase(Locale.ROOT);
    }

    private static String printable(String value, String field, int max) {
        if (value.length() > max) throw new InvalidHeartbeat(field + " is longer than " + max + " characters");
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) throw new InvalidHeartbeat(field + " contains control characters");
        }
        return value;
    }
}
