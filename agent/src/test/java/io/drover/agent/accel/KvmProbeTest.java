package io.drover.agent.accel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The accelerator probe with the real QEMU and its real probe guest. KVM itself is replaced by a
 * wrapper that runs QEMU's TCG for "-accel kvm" but stops the guest the way a broken KVM does
 * (hung, or QEMU's emulation failure), so each verdict is checked on any machine; what this
 * machine's own KVM does is the new-user end-to-end test's business.
 */
class KvmProbeTest {
    private static final Duration TCG_WAIT = Duration.ofSeconds(30), KVM_WAIT = Duration.ofSeconds(5);

    @TempDir
    Path tmp;

    /** A fake qemu-system-x86_64: {@code whenKvm} runs for "-accel kvm", the real QEMU otherwise. */
    private String qemu(String whenKvm) throws Exception {
        Path script = tmp.resolve("qemu");
        Files.writeString(script, "#!/bin/sh\ncase \" $* \" in *\" -accel kvm \"*) " + whenKvm + " ;; esac\nexec qemu-system-x86_64 \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script.toString();
    }

    private Path devKvm() throws Exception {
        return Files.writeString(tmp.resolve("kvm"), "");
    }

    @Test
    void aKvmThatNeverFinishesTheProbeGuestIsRefusedWithTcgsTimeBeside() throws Exception {
        // QEMU started with its CPUs stopped (-S): a guest that never gets anywhere, as under a hung KVM.
        String hangs = "shift 2; exec qemu-system-x86_64 -accel tcg -S \"$@\"";
        ProbeOutcome p = new KvmProbe(qemu(hangs), devKvm(), tmp.resolve("no-boot"), TCG_WAIT, KVM_WAIT).probe();
        assertThat(p.kvmWorks()).isFalse();
        assertThat(p.detail()).startsWith("the probe guest did not finish under KVM within 5 s").contains("under TCG it did in");
    }

    @Test
    void qemusOwnErrorIsPassedOn() throws Exception {
        String fails = "echo 'KVM internal error. Suberror: 1' >&2; echo 'emulation failure' >&2; sleep 30";
        ProbeOutcome p = new KvmProbe(qemu(fails), devKvm(), tmp.resolve("no-boot"), TCG_WAIT, KVM_WAIT).probe();
        assertThat(p.kvmWorks()).isFalse();
        assertThat(p.detail()).contains("it printed nothing").contains("QEMU said: KVM internal error. Suberror: 1 / emulation failure");
    }

    @Test
    void aKvmThatRunsTheProbeGuestToTheEndIsTaken() throws Exception {
        // A "KVM" that is TCG run twice as fast is not to be had; one at the same speed must not lose to TCG by noise,
        // so this wrapper's KVM gets a head start by skipping nothing but is timed against a TCG slowed by a sleep.
        Path script = tmp.resolve("qemu");
        Files.writeString(script, "#!/bin/sh\ncase \" $* \" in *\" -accel kvm \"*) shift 2; exec qemu-system-x86_64 -accel tcg \"$@\" ;; esac\n"
                + "sleep 1; exec qemu-system-x86_64 \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        ProbeOutcome p = new KvmProbe(script.toString(), devKvm(), tmp.resolve("no-boot"), TCG_WAIT, Duration.ofSeconds(20)).probe();
        assertThat(p.kvmWorks()).as(p.detail()).isTrue();
        assertThat(p.detail()).startsWith("a probe guest reached long mode and worked 64 MiB of memory under KVM in");
    }

    @Test
    void aProbeThatCannotDecideSaysSoAndGuestsGetTcg() throws Exception {
        ProbeOutcome noQemu = new KvmProbe(tmp.resolve("no-such-qemu").toString(), devKvm(), tmp, TCG_WAIT, KVM_WAIT).probe();
        assertThat(noQemu.kvmWorks()).isFalse();
        assertThat(noQemu.detail()).startsWith("cannot decide").contains("cannot run");
        ProbeOutcome noDevice = new KvmProbe("qemu-system-x86_64", tmp.resolve("no-kvm"), tmp, TCG_WAIT, KVM_WAIT).probe();
        assertThat(noDevice.kvmWorks()).isFalse();
        assertThat(noDevice.detail()).contains("missing or not usable");
        assertThat(new Accelerator(AccelMode.AUTO, () -> noQemu).current())
                .isEqualTo(new Accelerator.Choice("tcg", "--accel auto: " + noQemu.detail()));
    }

    @Test
    void theOperatorsWordStandsAndTheServersSettingOverridesIt() {
        AtomicInteger probes = new AtomicInteger();
        Accelerator a = new Accelerator(AccelMode.KVM, () -> {
            probes.incrementAndGet();
            return new ProbeOutcome(false, "hangs");
        });
        assertThat(a.current()).isEqualTo(new Accelerator.Choice("kvm", "--accel kvm"));
        assertThat(a.domainType()).isEqualTo("kvm");
        assertThat(probes).as("no probe for an explicit choice").hasValue(0);
        assertThat(a.setByServer("tcg")).isTrue();
        assertThat(a.current()).isEqualTo(new Accelerator.Choice("tcg", "set on the server: tcg"));
        assertThat(a.domainType()).isEqualTo("qemu");
        assertThat(a.setByServer("tcg")).as("the same again changes nothing").isFalse();
        assertThat(a.setByServer("xen")).as("an unknown setting is ignored").isFalse();
        assertThat(a.current().accel()).isEqualTo("tcg");
        assertThat(a.setByServer("auto")).isTrue();
        assertThat(a.current()).isEqualTo(new Accelerator.Choice("tcg", "set on the server: auto: hangs"));
        a.setByServer(null);
        a.setByServer("auto");
        assertThat(probes).as("the probe runs once per agent").hasValue(1);
        assertThat(a.setByServer(null)).isTrue();
        assertThat(a.current().accel()).as("back to --accel").isEqualTo("kvm");
    }
}
