package io.drover.agent.accel;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.agent.AgentConfig.Accel;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccelDecisionTest {
    @TempDir
    Path tmp;

    @Test
    void theOperatorsChoiceStands() {
        ProbeOutcome hangs = new ProbeOutcome(true, true, false, "");
        assertThat(AccelDecision.decide(Accel.KVM, hangs)).isEqualTo("kvm");
        assertThat(AccelDecision.decide(Accel.TCG, new ProbeOutcome(true, true, true, ""))).isEqualTo("tcg");
        assertThat(AccelDecision.decide(Accel.KVM, null)).isEqualTo("kvm");
    }

    @Test
    void autoTakesKvmOnlyWhenAProbeGuestRan() {
        assertThat(AccelDecision.decide(Accel.AUTO, new ProbeOutcome(true, true, true, ""))).isEqualTo("kvm");
        // No kernel to try: firmware under KVM is the best evidence there is.
        assertThat(AccelDecision.decide(Accel.AUTO, new ProbeOutcome(true, true, null, ""))).isEqualTo("kvm");
        // Nested KVM on the development machines: SeaBIOS runs, the kernel hangs.
        assertThat(AccelDecision.decide(Accel.AUTO, new ProbeOutcome(true, true, false, ""))).isEqualTo("tcg");
        assertThat(AccelDecision.decide(Accel.AUTO, new ProbeOutcome(true, false, null, ""))).isEqualTo("tcg");
        assertThat(AccelDecision.decide(Accel.AUTO, new ProbeOutcome(false, false, null, ""))).isEqualTo("tcg");
        assertThat(AccelDecision.decide(Accel.AUTO, null)).isEqualTo("tcg");
    }

    @Test
    void domainTypes() {
        assertThat(AccelDecision.domainType("kvm")).isEqualTo("kvm");
        assertThat(AccelDecision.domainType("tcg")).isEqualTo("qemu");
    }

    @Test
    void noKvmDeviceMeansNoProbeGuest() {
        ProbeOutcome p = new KvmProbe("qemu-system-x86_64", tmp.resolve("no-kvm"), tmp, Duration.ofSeconds(1), Duration.ofSeconds(1)).probe();
        assertThat(p.kvmDevice()).isFalse();
        assertThat(AccelDecision.decide(Accel.AUTO, p)).isEqualTo("tcg");
    }

    @Test
    void aQemuThatCannotRunIsNoKvm() throws Exception {
        Path kvm = java.nio.file.Files.writeString(tmp.resolve("kvm"), "");
        ProbeOutcome p = new KvmProbe(tmp.resolve("no-such-qemu").toString(), kvm, tmp, Duration.ofSeconds(1), Duration.ofSeconds(1)).probe();
        assertThat(p.biosRan()).isFalse();
        assertThat(AccelDecision.decide(Accel.AUTO, p)).isEqualTo("tcg");
    }
}
