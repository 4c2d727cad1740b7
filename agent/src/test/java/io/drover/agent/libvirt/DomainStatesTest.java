package io.drover.agent.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.agent.libvirt.DomainStates.Observed;
import io.drover.protocol.link.DomainReport;
import org.junit.jupiter.api.Test;

/** libvirt's state and reason numbers (virDomainState, virDomainPausedReason …) as the agent reports them. */
class DomainStatesTest {
    private static final int RUNNING = 1, PAUSED = 3, SHUTDOWN = 4, SHUTOFF = 5, CRASHED = 6, PMSUSPENDED = 7;

    @Test
    void aPauseSomeoneAskedForIsPaused() {
        assertThat(DomainStates.classify(PAUSED, 1)).isEqualTo(new Observed(DomainReport.PAUSED, "user"));
        assertThat(DomainStates.classify(PAUSED, 3)).isEqualTo(new Observed(DomainReport.PAUSED, "save"));
        assertThat(DomainStates.classify(PAUSED, 2)).isEqualTo(new Observed(DomainReport.PAUSED, "migration"));
    }

    @Test
    void aPauseQemuMadeOnAnErrorIsAnError() {
        // A KVM emulation failure: QEMU stops the guest and libvirt knows no reason.
        assertThat(DomainStates.classify(PAUSED, 0)).isEqualTo(new Observed(DomainReport.ERROR, "unknown"));
        assertThat(DomainStates.classify(PAUSED, 5)).isEqualTo(new Observed(DomainReport.ERROR, "ioerror"));
        assertThat(DomainStates.classify(PAUSED, 6)).isEqualTo(new Observed(DomainReport.ERROR, "watchdog"));
        assertThat(DomainStates.classify(PAUSED, 10)).isEqualTo(new Observed(DomainReport.ERROR, "crashed"));
        assertThat(DomainStates.classify(PAUSED, 14)).isEqualTo(new Observed(DomainReport.ERROR, "api_error"));
        assertThat(DomainStates.classify(PAUSED, 99)).as("a reason newer than this agent").isEqualTo(new Observed(DomainReport.ERROR, "unknown"));
    }

    @Test
    void crashedGuestsAreErrorsAndStoppedOnesSayHow() {
        assertThat(DomainStates.classify(CRASHED, 1)).isEqualTo(new Observed(DomainReport.ERROR, "panicked"));
        assertThat(DomainStates.classify(CRASHED, 0)).isEqualTo(new Observed(DomainReport.ERROR, "crashed"));
        assertThat(DomainStates.classify(SHUTOFF, 2)).isEqualTo(new Observed(DomainReport.STOPPED, "destroyed"));
        assertThat(DomainStates.classify(SHUTOFF, 1)).isEqualTo(new Observed(DomainReport.STOPPED, "shutdown"));
    }

    @Test
    void otherStatesKeepTheirNames() {
        assertThat(DomainStates.classify(RUNNING, 1)).isEqualTo(new Observed(DomainReport.RUNNING, null));
        assertThat(DomainStates.classify(SHUTDOWN, 1)).isEqualTo(new Observed(DomainReport.SHUTTING_DOWN, null));
        assertThat(DomainStates.classify(PAUSED, 8)).isEqualTo(new Observed(DomainReport.SHUTTING_DOWN, null));
        assertThat(DomainStates.classify(PMSUSPENDED, 0)).isEqualTo(new Observed(DomainReport.PAUSED, null));
    }
}
