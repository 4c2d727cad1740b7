package io.drover.agent;

import io.drover.agent.accel.AccelMode;
import io.drover.agent.join.Credentials;
import io.drover.agent.join.JoinRefused;
import io.drover.agent.tls.ServerPin;
import io.drover.agent.vms.DataDirUnreachable;
import io.drover.agent.vms.QemuReach;
import io.drover.protocol.Hostnames;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code drover-agent}: parses flags (or {@code DROVER_AGENT_*} variables) and runs the agent until SIGTERM. */
@Command(name = "drover-agent", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Runs the Drover host agent on a libvirt/KVM host: joins the server once with a join token, "
                + "then reports the host and runs its VMs. Every option can also be set with the environment "
                + "variable shown, e.g. DROVER_AGENT_SERVER=https://drover:8443. The server's join-token answer "
                + "(POST /api/v1/hosts/join-tokens) gives the whole first command line.")
public final class Main implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger("drover-agent");

    @Option(names = "--server", split = ",", defaultValue = "${env:DROVER_AGENT_SERVER:-https://localhost:8443}", paramLabel = "URL",
            description = "Server HTTPS URL (the agent authenticates with mutual TLS, so not through a TLS-terminating proxy); "
                    + "repeat it or separate with commas to fail over between replicas (env DROVER_AGENT_SERVER, default ${DEFAULT-VALUE}).")
    List<URI> servers;

    @Option(names = "--server-fingerprint", defaultValue = "${env:DROVER_AGENT_SERVER_FINGERPRINT}", paramLabel = "sha256:HEX",
            description = "SHA-256 fingerprint of the server's TLS certificate, as the server logs it at start: the agent trusts "
                    + "exactly that certificate (needed for a self-signed one) and keeps the pin after joining "
                    + "(env DROVER_AGENT_SERVER_FINGERPRINT; default: the pin stored at join, else the JDK's CAs).")
    String serverFingerprint;

    @Option(names = "--join-token", defaultValue = "${env:DROVER_AGENT_JOIN_TOKEN}", paramLabel = "TOKEN",
            description = "One-time join token (POST /api/v1/hosts/join-tokens); needed only until the host has joined "
                    + "(env DROVER_AGENT_JOIN_TOKEN).")
    String joinToken;

    @Option(names = "--name", defaultValue = "${env:DROVER_AGENT_NAME}", paramLabel = "NAME",
            description = "The host's name in Drover (env DROVER_AGENT_NAME; default: this machine's hostname).")
    String name;

    @Option(names = "--libvirt-uri", defaultValue = "${env:DROVER_AGENT_LIBVIRT_URI:-qemu:///system}", paramLabel = "URI",
            description = "libvirt connection URI (env DROVER_AGENT_LIBVIRT_URI, default ${DEFAULT-VALUE}).")
    String libvirtUri;

    @Option(names = "--libvirt-netns", defaultValue = "${env:DROVER_AGENT_LIBVIRT_NETNS}", paramLabel = "NAME",
            description = "The network namespace libvirt's bridges and dnsmasq live in, when it is not the agent's own (env "
                    + "DROVER_AGENT_LIBVIRT_NETNS; default: the agent's). The agent releases a deleted VM's DHCP lease there "
                    + "(dnsmasq's dhcp_release, run with ip netns exec).")
    String libvirtNetns;

    @Option(names = "--accel", defaultValue = "${env:DROVER_AGENT_ACCEL:-auto}", paramLabel = "auto|kvm|tcg",
            converter = AccelConverter.class,
            description = "Guest acceleration: auto uses KVM only where the agent's probe guest (a boot sector that goes "
                    + "through protected and long mode and works 64 MiB of memory) finishes under KVM within 5 s and no "
                    + "slower than under TCG, else TCG; kvm and tcg skip the probe. An operator's setting on the server "
                    + "(PATCH /api/v1/hosts/{id} {\"accel\": …}) overrides it (env DROVER_AGENT_ACCEL, default ${DEFAULT-VALUE}).")
    AccelMode accel;

    @Option(names = "--data-dir", defaultValue = "${env:DROVER_AGENT_DATA_DIR:-/var/lib/drover-agent}", paramLabel = "DIR",
            description = "Image cache (images/), VM disks, seed ISOs and console logs (vms/<vm id>/), the host's key and "
                    + "certificate (host.pem, mode 0600), the CA (ca.crt) and credentials.json; "
                    + "under qemu:///system QEMU's user (qemu.conf's user, else libvirt-qemu) must be able to enter it and "
                    + "every directory above it, or the agent refuses to start (env DROVER_AGENT_DATA_DIR, default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--listen", defaultValue = "${env:DROVER_AGENT_LISTEN:-8788}", paramLabel = "[ADDRESS:]PORT",
            description = "Where the agent serves GET /v1/info (who it is: version, host name and host id, for discovery), "
                    + "/healthz and /metrics (host CPUs, memory, free disk), without authentication. A bare PORT listens on "
                    + "every address, so discovery can reach it; give the host's management address (e.g. 10.0.0.5:8788) to "
                    + "keep it off other networks (env DROVER_AGENT_LISTEN, default ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--heartbeat", defaultValue = "${env:DROVER_AGENT_HEARTBEAT:-10}", paramLabel = "SECONDS",
            description = "Seconds between heartbeats to the server; the server counts 3 missed as suspect, 6 as offline "
                    + "(env DROVER_AGENT_HEARTBEAT, default ${DEFAULT-VALUE}; 0.1 to 60).")
    double heartbeatSeconds;

    @Option(names = "--inventory-interval", defaultValue = "${env:DROVER_AGENT_INVENTORY_INTERVAL:-300}", paramLabel = "SECONDS",
            description = "Seconds between full domain inventories sent to the server; one is also sent on every link, "
                    + "after every operation and after libvirt reconnects (env DROVER_AGENT_INVENTORY_INTERVAL, "
                    + "default ${DEFAULT-VALUE}; 5 to 3600).")
    double inventorySeconds;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new Main());
    }

    @Override
    public Integer call() throws Exception {
        String hostName = name != null ? name : Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        if (hostName.isEmpty() || hostName.length() > Hostnames.MAX_LENGTH || !Hostnames.hasOnlyHostnameChars(hostName)) {
            err().println("drover-agent: the host name '" + hostName + "' may only contain letters, digits, '.', '-' and '_' "
                    + "(at most 253); pass --name");
            return 2;
        }
        for (URI server : servers) {
            if (!"https".equals(server.getScheme()) || server.getHost() == null) {
                err().println("drover-agent: --server must be an https URL (the agent uses mutual TLS), got " + server);
                return 2;
            }
        }
        String pin;
        try {
            ServerPin parsed = ServerPin.parse(serverFingerprint);
            pin = parsed == null ? null : parsed.toString();
        } catch (IllegalArgumentException e) {
            err().println("drover-agent: --server-fingerprint: " + e.getMessage());
            return 2;
        }
        String address = "0.0.0.0";
        String port = listen;
        int colon = listen.lastIndexOf(':');
        if (colon >= 0) {
            address = listen.substring(0, colon);
            port = listen.substring(colon + 1);
        }
        int listenPort;
        try {
            listenPort = Integer.parseInt(port);
            if (listenPort < 0 || listenPort > 65535) throw new NumberFormatException();
        } catch (NumberFormatException e) {
            err().println("drover-agent: --listen must be PORT or ADDRESS:PORT, got " + listen);
            return 2;
        }
        if (!(heartbeatSeconds >= 0.1 && heartbeatSeconds <= 60)) {
            err().println("drover-agent: --heartbeat must be from 0.1 to 60 seconds, got " + heartbeatSeconds);
            return 2;
        }
        if (!(inventorySeconds >= 5 && inventorySeconds <= 3600)) {
            err().println("drover-agent: --inventory-interval must be from 5 to 3600 seconds, got " + inventorySeconds);
            return 2;
        }
        try {
            QemuReach.check(libvirtUri, dataDir);
        } catch (DataDirUnreachable e) {
            err().println("drover-agent: " + e.getMessage());
            return 2;
        }
        if (libvirtNetns != null && !libvirtNetns.matches("[A-Za-z0-9_.-]{1,64}")) {
            err().println("drover-agent: --libvirt-netns must be a network namespace's name (letters, digits, '_', '.', '-')");
            return 2;
        }
        AgentConfig config = new AgentConfig(servers, joinToken, pin, hostName, libvirtUri, accel, dataDir, address, listenPort,
                Duration.ofMillis(Math.round(heartbeatSeconds * 1000)),
                Duration.ofMillis(Math.round(inventorySeconds * 1000)), libvirtNetns);
        Agent agent;
        try {
            agent = Agent.start(config);
        } catch (JoinRefused e) {
            err().println("drover-agent: the server refused to let this host join: " + e.getMessage());
            return 1;
        } catch (Agent.NotJoined | Credentials.OldCredential e) {
            err().println("drover-agent: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err().println("drover-agent: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping");
            agent.close();
            stopped.countDown();
        }, "shutdown"));
        log.info("Drover agent {} for host {} ({}) serving on port {}", Version.current(), agent.credentials().hostId(), hostName, agent.listenPort());
        stopped.await();
        return 0;
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"drover-agent " + Version.current()};
        }
    }

    static final class AccelConverter implements CommandLine.ITypeConverter<AccelMode> {
        @Override
        public AccelMode convert(String value) {
            try {
                return AccelMode.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("must be auto, kvm or tcg: " + value);
            }
        }
    }
}
