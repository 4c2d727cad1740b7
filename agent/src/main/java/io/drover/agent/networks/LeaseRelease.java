package io.drover.agent.networks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a network's dnsmasq forget a lease, as OpenStack's DHCP agent does: dnsmasq's
 * {@code dhcp_release} sends it a DHCPRELEASE for the address and MAC on the bridge. Without it
 * dnsmasq keeps a deleted VM's lease (an hour on libvirt networks) and will not give that address
 * to the next VM that holds it, reservation or not. Run in the namespace libvirt's bridges are in
 * (the agent's own unless {@code --libvirt-netns} says otherwise). Best effort: a lease that
 * cannot be released runs out by itself.
 */
public final class LeaseRelease {
    private static final Logger log = LoggerFactory.getLogger(LeaseRelease.class);
    private static final Path TOOL = Path.of("/usr/bin/dhcp_release");

    private final String netns;

    /** @param netns the network namespace to run in, or null for the agent's own */
    public LeaseRelease(String netns) {
        this.netns = netns;
    }

    /** Releases {@code address} held by {@code mac} on {@code bridge} (checked names and addresses only). */
    void release(String bridge, String address, String mac) {
        if (!Files.isExecutable(TOOL)) {
            log.warn("cannot release {}'s lease of {}: {} is missing (Debian package dnsmasq-utils)", mac, address, TOOL);
            return;
        }
        List<String> command = new ArrayList<>();
        if (netns != null) command.addAll(List.of("ip", "netns", "exec", netns));
        command.addAll(List.of(TOOL.toString(), bridge, address, mac));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                log.warn("releasing {}'s lease of {} on {}: no answer within 10 s", mac, address, bridge);
            } else if (p.exitValue() != 0) {
                log.warn("releasing {}'s lease of {} on {}: dhcp_release exited {}", mac, address, bridge, p.exitValue());
            } else {
                log.info("released {}'s lease of {} on {}", mac, address, bridge);
            }
        } catch (IOException e) {
            log.warn("releasing {}'s lease of {} on {}: {}", mac, address, bridge, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
