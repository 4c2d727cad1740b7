package io.drover.agent.vms;

import io.drover.agent.libvirt.DomainStates;
import io.drover.agent.libvirt.DomainControl;
import io.drover.agent.libvirt.HypervisorUnavailable;
import io.drover.protocol.link.DomainReport;
import io.drover.protocol.link.VmSpec;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start, stop, force-stop, reboot, suspend and resume of an existing domain. Each is idempotent:
 * starting what runs, stopping what is off, suspending what is paused succeed at once. A domain
 * that is not defined here is an error for all of them (a delete of it would succeed).
 */
public final class VmPower {
    private static final Logger log = LoggerFactory.getLogger(VmPower.class);
    static final int DEFAULT_STOP_TIMEOUT_SECONDS = 60;
    private static final long POLL_MS = 200;

    private final DomainControl domains;
    private final DomainXml xml;
    private final ConsoleLogs consoleLogs;

    /** {@code xml} mends a stopped domain's definition before it starts (see {@link DomainXml#mended}). */
    public VmPower(DomainControl domains, DomainXml xml, ConsoleLogs consoleLogs) {
        this.domains = domains;
        this.xml = xml;
        this.consoleLogs = consoleLogs;
    }

    /** Runs it; a paused domain is resumed (start means "make it run"). */
    public void start(VmSpec vm, OpContext op) throws OperationFailed {
        String id = SpecCheck.vmId(vm.id());
        try {
            switch (working(id)) {
                case DomainReport.RUNNING -> { }
                case DomainReport.PAUSED -> domains.resume(id);
                default -> {
                    mendDefinition(id, op);
                    keepEarlierBoots(id, op);
                    domains.start(id);
                }
            }
        } catch (HypervisorUnavailable e) {
            throw new DomainRefused(e.getMessage(), e);
        }
    }

    /**
     * Before a start, the console log is rotated when large (QEMU appends to it). The log is not
     * worth a VM that does not start, so a log that cannot be rotated is only reported.
     */
    private void keepEarlierBoots(String id, OpContext op) throws InvalidVmSpec {
        try {
            consoleLogs.beforeStart(id);
        } catch (IOException e) {
            log.warn("{}: the console log of VM {} was not rotated: {}", op.opId(), id, e.toString());
        }
    }

    /** Defines the domain again as this agent would define it now, when it differs (another accelerator, an older agent's console). */
    private void mendDefinition(String id, OpContext op) throws HypervisorUnavailable, InvalidVmSpec {
        Optional<String> definition = domains.inactiveXml(id);
        if (definition.isEmpty()) return;
        Optional<String> mended = xml.mended(definition.get());
        if (mended.isPresent()) {
            domains.define(mended.get());
            log.info("{}: VM {} was defined again as this agent defines VMs now (accelerator {}, serial terminal with its log, display on a socket)", op.opId(), id,
                    xml.domainType());
        }
    }

    /**
     * ACPI shutdown, then waits up to the VM's stop timeout (default 60 s) and pulls the plug if
     * the guest has not powered off by then: a guest that ignores ACPI still ends up off.
     */
    public void stop(VmSpec vm, OpContext op) throws OperationFailed {
        String id = SpecCheck.vmId(vm.id());
        int timeout = vm.stopTimeoutSeconds() > 0 ? vm.stopTimeoutSeconds() : DEFAULT_STOP_TIMEOUT_SECONDS;
        try {
            String state = working(id);
            if (DomainReport.STOPPED.equals(state)) return;
            // A paused guest cannot see the ACPI button: let it run to hear it.
            if (DomainReport.PAUSED.equals(state)) domains.resume(id);
            domains.shutdown(id);
            long deadline = System.nanoTime() + Duration.ofSeconds(timeout).toNanos();
            while (System.nanoTime() < deadline) {
                if (isOff(id)) {
                    log.info("{}: VM {} shut down", op.opId(), id);
                    return;
                }
                Thread.sleep(POLL_MS);
            }
            log.info("{}: VM {} did not power off within {} s; destroying it", op.opId(), id, timeout);
            domains.destroy(id);
        } catch (HypervisorUnavailable e) {
            throw new DomainRefused(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationFailed("stopping VM " + id + " was interrupted", e);
        }
    }

    public void forceStop(VmSpec vm, OpContext op) throws OperationFailed {
        String id = SpecCheck.vmId(vm.id());
        try {
            existing(id);
            domains.destroy(id);
        } catch (HypervisorUnavailable e) {
            throw new DomainRefused(e.getMessage(), e);
        }
    }

    /**
     * The graceful stop, then a start. Unlike libvirt's reboot this works on guests without ACPI
     * or an agent, and the server sees it as a STOPPED then STARTED pair of events.
     */
    public void reboot(VmSpec vm, OpContext op) throws OperationFailed {
        stop(vm, op);
        op.checkCancelled();
        start(vm, op);
    }

    public void suspend(VmSpec vm, OpContext op) throws OperationFailed {
        String id = SpecCheck.vmId(vm.id());
        try {
            switch (working(id)) {
                case DomainReport.PAUSED -> { }
                case DomainReport.RUNNING -> domains.suspend(id);
                default -> throw new DomainRefused("VM " + id + " is not running, so it cannot be suspended");
            }
        } catch (HypervisorUnavailable e) {
            throw new DomainRefused(e.getMessage(), e);
        }
    }

    public void resume(VmSpec vm, OpContext op) throws OperationFailed {
        String id = SpecCheck.vmId(vm.id());
        try {
            switch (working(id)) {
                case DomainReport.RUNNING -> { }
                case DomainReport.PAUSED -> domains.resume(id);
                default -> throw new DomainRefused("VM " + id + " is not paused or running, so it cannot be resumed");
            }
        } catch (HypervisorUnavailable e) {
            throw new DomainRefused(e.getMessage(), e);
        }
    }

    private boolean isOff(String id) throws HypervisorUnavailable {
        String s = domains.state(id);
        return DomainReport.STOPPED.equals(s) || DomainReport.ABSENT.equals(s);
    }

    /**
     * The state of a domain that can take a power action other than force-stop: one that stopped
     * running by itself (QEMU paused it on an error, the guest crashed) refuses them, since QEMU
     * would only answer that the VM must be reset.
     */
    private String working(String id) throws HypervisorUnavailable, DomainRefused {
        DomainStates.Observed now = domains.status(id);
        if (DomainReport.ABSENT.equals(now.state())) throw new DomainRefused("VM " + id + " is not defined on this host");
        if (DomainReport.ERROR.equals(now.state())) {
            throw new DomainRefused("VM " + id + " stopped running by itself (libvirt's reason: " + now.reason()
                    + "); only a force-stop brings it back: force-stop it, then start it");
        }
        return now.state();
    }

    private String existing(String id) throws HypervisorUnavailable, DomainRefused {
        return existing(domains, id);
    }

    /** The domain's state; refused when it is not defined here (every action but create and delete needs it). */
    static String existing(DomainControl domains, String id) throws HypervisorUnavailable, DomainRefused {
        String state = domains.state(id);
        if (DomainReport.ABSENT.equals(state)) throw new DomainRefused("VM " + id + " is not defined on this host");
        return state;
    }
}
