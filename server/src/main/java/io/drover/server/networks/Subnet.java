package io.drover.server.networks;

import java.util.List;

/**
 * Addresses of a network: {@code cidr} ("10.20.0.0/24"), the gateway (on managed networks the
 * host's own address on the bridge), DNS servers, the pools addresses are handed out from (each an
 * inclusive range) and addresses never handed out. Every address is in its canonical text form.
 */
public record Subnet(String id, String networkId, String cidr, String gateway, List<String> dns, List<Pool> pools,
                     List<String> excluded) {
    /** An inclusive range of addresses, first to last. */
    public record Pool(String first, String last) {}
}
