package io.drover.e2e.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drover.agent.libvirt.DomainChange;
import io.drover.agent.libvirt.DomainState;
import io.drover.agent.libvirt.HypervisorFacts;
import io.drover.agent.libvirt.Hypervisor;
import io.drover.e2e.guest.BusyboxInitramfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's libvirt connection against the real libvirtd of qemu:///system (started by
 * scripts/test.sh) and a real QEMU guest under TCG with user-mode networking.
 */
class HypervisorTest {
    @TempDir
    Path tmp;

    /** A transient busybox domain; its files sit in a directory QEMU's user can traverse. */
    String domainXml(String name) throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        BusyboxInitramfs image = BusyboxInitramfs.forHost();
        Path kernel = Files.copy(image.kernel().vmlinuz(), tmp.resolve("vmlinuz"), StandardCopyOption.REPLACE_EXISTING);
        Path initrd = Files.copy(image.build(), tmp.resolve("initramfs.gz"), StandardCopyOption.REPLACE_EXISTING);
        for (Path p : List.of(kernel, initrd)) Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        return """
                <domain type='qemu'>
                  <name>%s</name>
                  <memory unit='MiB'>192</memory>
                  <vcpu>1</vcpu>
                  <os><type arch='x86_64' machine='pc'>hvm</type><kernel>%s</kernel><initrd>%s</initrd>
                    <cmdline>console=ttyS0 panic=-1</cmdline></os>
                  <devices>
                    <interface type='user'><model type='virtio'/></interface>
                    <serial type='file'><source path='%s'/><target port='0'/></serial>
                  </devices>
                </domain>""".formatted(name, kernel, initrd, tmp.resolve("console.log"));
    }

    @Test
    void reportsFactsListsDomainsAndSeesAChangeBehindItsBack() throws Exception {
        String name = "drover-test-" + UUID.randomUUID().toString().substring(0, 8);
        List<DomainChange> changes = new CopyOnWriteArrayList<>();
        try (Hypervisor hv = new Hypervisor("qemu:///system", Duration.ofSeconds(15))) {
            hv.onLifecycle(changes::add);
            HypervisorFacts facts = hv.facts();
            assertThat(facts.libvirtVersion()).matches("\\d+\\.\\d+\\.\\d+");
            assertThat(facts.qemuVersion()).matches("\\d+\\.\\d+\\.\\d+");
            assertThat(facts.cpus()).isPositive();
            assertThat(facts.memoryMib()).isPositive();

            String xml = domainXml(name);
            try {
                hv.call("creating the test domain", c -> c.domainCreateXML(xml, 0).free());
                await().atMost(Duration.ofSeconds(5)).until(() ->
                        changes.stream().anyMatch(c -> c.name().equals(name) && c.type().equals("STARTED")));
                assertThat(hv.domains()).filteredOn(d -> d.name().equals(name)).extracting(DomainState::state)
                        .containsExactly("VIR_DOMAIN_RUNNING");

                // Behind the agent's back: virsh destroys it; the event must arrive within 2 s.
                Process virsh = new ProcessBuilder("virsh", "-c", "qemu:///system", "destroy", name).redirectErrorStream(true).start();
                assertThat(virsh.waitFor(20, TimeUnit.SECONDS)).isTrue();
                assertThat(virsh.exitValue()).isZero();
                long destroyed = System.currentTimeMillis(); // the domain is gone by the time virsh returns
                await().atMost(Duration.ofSeconds(2)).until(() ->
                        changes.stream().anyMatch(c -> c.name().equals(name) && c.type().equals("STOPPED")));
                DomainChange stopped = changes.stream().filter(c -> c.name().equals(name) && c.type().equals("STOPPED")).findFirst().orElseThrow();
                assertThat(stopped.detail()).isEqualTo("DESTROYED");
                assertThat(stopped.atMs() - destroyed).isLessThan(2000);
                assertThat(hv.domains()).extracting(DomainState::name).doesNotContain(name);
            } finally {
                new ProcessBuilder("virsh", "-c", "qemu:///system", "destroy", name).redirectErrorStream(true).start().waitFor(20, TimeUnit.SECONDS);
            }
        }
    }
}
