package io.drover.agent.accel;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which accelerator this host's guests get, and why. {@code kvm} and {@code tcg} are the
 * operator's word; {@code auto} takes KVM only when the {@link KvmProbe} guest really ran under
 * it. The agent's {@code --accel} decides at start; an operator may override it on the server
 * (the host's {@code accel} setting, sent over the link), without re-joining the host. The probe
 * runs at most once per agent process.
 */
public final class Accelerator {
    private static final Logger log = LoggerFactory.getLogger(Accelerator.class);
    public static final String KVM = "kvm", TCG = "tcg";

    /** The accelerator ({@code kvm} or {@code tcg}) and in words why it was chosen. */
    public record Choice(String accel, String reason) {}

    private final AccelMode flag;
    private final Supplier<ProbeOutcome> probe;
    private ProbeOutcome probed; // guarded by this
    private String serverSetting; // guarded by this
    private volatile Choice current;

    public Accelerator(AccelMode flag, Supplier<ProbeOutcome> probe) {
        this.flag = flag;
        this.probe = probe;
        this.current = decide(flag, "--accel " + flag.name().toLowerCase(Locale.ROOT));
        log.info("guests use {} ({})", current.accel(), current.reason());
    }

    public Choice current() {
        return current;
    }

    /** libvirt's domain type for guests made now: {@code kvm}, or {@code qemu} for TCG. */
    public String domainType() {
        return KVM.equals(current.accel()) ? "kvm" : "qemu";
    }

    /**
     * The host's setting on the server: {@code auto}, {@code kvm} or {@code tcg}, or null for none
     * (the agent's own {@code --accel} decides); anything else is ignored. True when the choice changed.
     */
    public synchronized boolean setByServer(String setting) {
        if (Objects.equals(setting, serverSetting)) return false;
        AccelMode requested = flag;
        if (setting != null) {
            try {
                requested = AccelMode.valueOf(setting.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                log.warn("ignoring the server's accelerator setting '{}'", setting);
                return false;
            }
        }
        serverSetting = setting;
        Choice was = current;
        current = decide(requested, setting == null ? "--accel " + flag.name().toLowerCase(Locale.ROOT) : "set on the server: " + setting);
        log.info("guests use {} ({})", current.accel(), current.reason());
        return !was.equals(current);
    }

    private synchronized Choice decide(AccelMode requested, String source) {
        return switch (requested) {
            case KVM -> new Choice(KVM, source);
            case TCG -> new Choice(TCG, source);
            case AUTO -> {
                if (probed == null) probed = probe.get();
                yield new Choice(probed.kvmWorks() ? KVM : TCG, source + ": " + probed.detail());
            }
        };
    }
}
