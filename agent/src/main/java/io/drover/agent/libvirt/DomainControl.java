package io.drover.agent.libvirt;

import io.drover.protocol.link.DomainReport;
import java.util.Optional;

/**
 * What the agent's VM operations do to domains, by UUID. {@link Domains} does it on libvirt; the
 * operations' unit tests put a fake here to make any call fail. A domain that is not there is an
 * answer ({@code absent}, empty), not an error: every operation must accept "already done".
 */
public interface DomainControl {
    /** The domain's state as a {@link DomainReport} constant; {@code absent} when it is not defined. */
    default String state(String uuid) throws HypervisorUnavailable {
        return status(uuid).state();
    }

    /** The domain's state with libvirt's reason for it; {@code absent} when it is not defined. */
    DomainStates.Observed status(String uuid) throws HypervisorUnavailable;

    /** Whether a domain with this UUID is defined (running or not). */
    default boolean exists(String uuid) throws HypervisorUnavailable {
        return !DomainReport.ABSENT.equals(state(uuid));
    }

    /** Defines (or redefines) a persistent domain. */
    void define(String xml) throws HypervisorUnavailable;

    /** Starts a defined domain that is off; one that is active already is left alone. */
    void start(String uuid) throws HypervisorUnavailable;

    /** Asks the guest to power off (ACPI); returns at once. */
    void shutdown(String uuid) throws HypervisorUnavailable;

    /** Pulls the plug if the domain is active. */
    void destroy(String uuid) throws HypervisorUnavailable;

    void suspend(String uuid) throws HypervisorUnavailable;

    void resume(String uuid) throws HypervisorUnavailable;

    /** Removes the definition (and any managed save or snapshot metadata); gone already is fine. */
    void undefine(String uuid) throws HypervisorUnavailable;

    /** The persistent definition, as a resize edits it. */
    Optional<String> inactiveXml(String uuid) throws HypervisorUnavailable;

    /** The domain as reported to the server ({@code absent} if gone); IPs only when asked and running. */
    DomainReport report(String uuid, boolean withIps) throws HypervisorUnavailable;
}
