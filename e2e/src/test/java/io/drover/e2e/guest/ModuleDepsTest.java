package io.drover.e2e.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleDepsTest {
    @TempDir
    Path dir;

    @Test
    void ordersDependenciesBeforeTheModulesThatNeedThem() throws IOException {
        Files.writeString(dir.resolve("modules.dep"), """
                kernel/drivers/virtio/virtio_ring.ko.xz:
                kernel/drivers/virtio/virtio.ko.xz: kernel/drivers/virtio/virtio_ring.ko.xz
                kernel/drivers/virtio/virtio_pci_modern_dev.ko.xz:
                kernel/drivers/virtio/virtio_pci.ko.xz: kernel/drivers/virtio/virtio_pci_modern_dev.ko.xz kernel/drivers/virtio/virtio.ko.xz kernel/drivers/virtio/virtio_ring.ko.xz
                kernel/drivers/net/virtio_net.ko.xz: kernel/drivers/net/net_failover.ko.xz kernel/net/core/failover.ko.xz kernel/drivers/virtio/virtio.ko.xz kernel/drivers/virtio/virtio_ring.ko.xz
                kernel/drivers/net/net_failover.ko.xz: kernel/net/core/failover.ko.xz
                kernel/net/core/failover.ko.xz:
                kernel/drivers/block/virtio_blk.ko.xz: kernel/drivers/virtio/virtio.ko.xz
                """);
        List<String> order = ModuleDeps.read(dir).loadOrder(BusyboxInitramfs.NIC_MODULES).stream()
                .map(ModuleDeps::moduleName).toList();

        assertThat(order).containsExactlyInAnyOrder(
                "virtio_pci_modern_dev", "virtio_ring", "virtio", "virtio_pci", "failover", "net_failover", "virtio_net");
        assertThat(order.indexOf("virtio_ring")).isLessThan(order.indexOf("virtio"));
        assertThat(order.indexOf("virtio")).isLessThan(order.indexOf("virtio_pci"));
        assertThat(order.indexOf("failover")).isLessThan(order.indexOf("net_failover"));
        assertThat(order.indexOf("net_failover")).isLessThan(order.indexOf("virtio_net"));
    }

    @Test
    void aMissingModuleIsAnError() throws IOException {
        Files.writeString(dir.resolve("modules.dep"), "kernel/drivers/virtio/virtio.ko:\n");
        assertThatThrownBy(() -> ModuleDeps.read(dir).loadOrder(List.of("virtio_net")))
                .isInstanceOf(GuestUnavailable.class).hasMessageContaining("virtio_net");
    }

    @Test
    void picksTheNewestCloudKernelThatHasModules() throws IOException {
        Path boot = Files.createDirectory(dir.resolve("boot"));
        Path modules = Files.createDirectory(dir.resolve("modules"));
        for (String version : List.of("6.1.0-9-cloud-amd64", "6.1.0-56-cloud-amd64", "6.1.0-60-cloud-amd64")) {
            Files.writeString(boot.resolve("vmlinuz-" + version), "kernel");
        }
        Files.writeString(boot.resolve("vmlinuz-6.9.0-1-amd64"), "not a cloud kernel");
        for (String version : List.of("6.1.0-9-cloud-amd64", "6.1.0-56-cloud-amd64")) {
            Files.createDirectories(modules.resolve(version));
            Files.writeString(modules.resolve(version).resolve("modules.dep"), "");
        }

        GuestKernel kernel = GuestKernel.newest(boot, modules);

        assertThat(kernel.version()).isEqualTo("6.1.0-56-cloud-amd64");
        assertThat(kernel.vmlinuz()).isEqualTo(boot.resolve("vmlinuz-6.1.0-56-cloud-amd64"));
        assertThat(kernel.modulesDir()).isEqualTo(modules.resolve("6.1.0-56-cloud-amd64"));
    }

    @Test
    void noCloudKernelSaysWhichPackageToInstall() throws IOException {
        Path boot = Files.createDirectory(dir.resolve("boot"));
        assertThatThrownBy(() -> GuestKernel.newest(boot, dir))
                .isInstanceOf(GuestUnavailable.class).hasMessageContaining("linux-image-cloud-amd64");
    }
}
