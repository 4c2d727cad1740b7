package io.drover.server.networks;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.drover.server.http.InvalidRequest;

/** Address text in and out: parsed strictly (no host names, no ranges), written in one canonical form. */
final class Addresses {
    private Addresses() {}

    /** A single address; {@code what} names it in the error ("gateway", "pools[0].first"). */
    static IPAddress address(String text, String what) {
        if (text == null || text.isBlank()) throw new InvalidRequest(what + " is required");
        IPAddress a = parse(text, what + " is not an IP address: " + text);
        if (a.isPrefixed() || a.isMultiple()) throw new InvalidRequest(what + " must be one address, without a prefix length: " + text);
        return a;
    }

    /** A network in CIDR form whose host bits are all zero ("10.20.0.0/24"). */
    static IPAddress network(String text, String what) {
        if (text == null || text.isBlank()) throw new InvalidRequest(what + " is required, e.g. 10.20.0.0/24");
        IPAddress n = parse(text, what + " is not a network in CIDR form (such as 10.20.0.0/24): " + text);
        if (!n.isPrefixed()) throw new InvalidRequest(what + " needs a prefix length, such as /24: " + text);
        IPAddress block = n.toPrefixBlock();
        if (!n.getLower().withoutPrefixLength().equals(block.getLower().withoutPrefixLength())) {
            throw new InvalidRequest(what + " " + text + " has host bits set; its network is " + cidr(block));
        }
        return block;
    }

    private static IPAddress parse(String text, String refusal) {
        if (text.length() > 64) throw new InvalidRequest(refusal);
        try {
            IPAddress a = new IPAddressString(text.trim()).toAddress();
            if (a == null) throw new InvalidRequest(refusal);
            return a;
        } catch (AddressStringException e) {
            throw new InvalidRequest(refusal);
        }
    }

    /** One address as stored and shown: no prefix length, IPv6 compressed (RFC 5952). */
    static String text(IPAddress a) {
        return a.withoutPrefixLength().toCompressedString();
    }

    /** A network as stored and shown: "10.20.0.0/24", "fd00::/64". */
    static String cidr(IPAddress block) {
        return text(block.getLower()) + "/" + block.getNetworkPrefixLength();
    }
}
