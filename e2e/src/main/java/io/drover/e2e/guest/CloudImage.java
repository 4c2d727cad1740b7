package io.drover.e2e.guest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A small base disk image that boots like a cloud image: firmware (SeaBIOS) boots it from a
 * virtio disk, no direct kernel boot, and its init reads a NoCloud seed. Drover's VMs boot a
 * qcow2 overlay on it with a seed ISO attached, so the tests exercise the real boot path.
 *
 * <p>It is an ISO 9660 tree (isolinux, Debian's cloud kernel and a {@link BusyboxInitramfs}
 * with resource {@code cloud-init.sh} as /init), made bootable from its MBR by
 * {@code isohybrid} and converted to qcow2. The guest runs from RAM, so the disk is only read;
 * it boots under TCG in a few seconds. Its /init, in order: loads the virtio PCI, NIC and block
 * modules, cdrom and isofs, and the ACPI button with evdev (busybox acpid powers off on the
 * power button); finds the disk labelled {@code cidata}; sets the hostname and
 * {@code /root/.ssh/authorized_keys} (0600) from {@code meta-data} (JSON, as Drover writes it);
 * brings eth0 up with DHCP; runs a {@code #!} {@code user-data} with busybox sh (ignores
 * {@code #cloud-config}). busybox's {@code wget} and {@code sh} are there for
 * {@code wget -qO- http://10.0.2.2:PORT/install.sh | sh}; {@code /sys/class/dmi/id/product_uuid}
 * is the SMBIOS UUID. The domain needs {@code <features><acpi/></features>} for the power button.
 *
 * <p>Progress lines on the serial console (ttyS0) start with {@value #CONSOLE_PREFIX}; the
 * constants below are the ones to wait for.
 *
 * <pre>{@code
 * Path base = CloudImage.forHost().build();   // cached; built at most once
 * }</pre>
 */
public final class CloudImage {
    public static final String CONSOLE_PREFIX = "DROVER-GUEST: ";
    /** The first line /init prints. */
    public static final String INIT_STARTED = CONSOLE_PREFIX + "init started";
    /** Followed by {@code hostname=<name> keys=<count>}. */
    public static final String SEED_APPLIED = CONSOLE_PREFIX + "seed hostname=";
    /** Followed by the guest's IPv4 address, {@value GuestSpec#GUEST_IP} with user-mode networking. */
    public static final String NETWORK_UP = CONSOLE_PREFIX + "network up ";
    /** Followed by the script's exit status. */
    public static final String USER_DATA_RAN = CONSOLE_PREFIX + "user-data ran exit=";
    /** The last line of a boot, after user-data (or its absence). */
    public static final String BOOT_FINISHED = CONSOLE_PREFIX + "boot finished";
    /** Printed when the ACPI power button powers the guest off. */
    public static final String POWER_BUTTON = CONSOLE_PREFIX + "power button";
    /** Printed with the reason when something the guest needs failed. */
    public static final String FAILED = CONSOLE_PREFIX + "FAILED";
    /** The ISO 9660 volume id of the base image itself (the seed's is {@value NoCloudSeed#VOLUME_ID}). */
    static final String VOLUME_ID = "DROVER_BASE";

    /** Bumped when the image layout changes in a way the hashed inputs do not show. */
    private static final String FORMAT = "drover-cloud-image-1";
    private static final long COMMAND_TIMEOUT_SECONDS = 120;
    private static final String PACKAGES = "isolinux syslinux-common syslinux-utils genisoimage qemu-utils";
    static final BusyboxInitramfs.Contents CONTENTS = new BusyboxInitramfs.Contents("cloud-init.sh",
            List.of("virtio_pci", "virtio_net", "virtio_blk", "cdrom", "isofs", "button", "evdev"),
            Map.of("usr/share/udhcpc/default.script", "udhcpc.script",
                    "usr/share/drover/meta-data.awk", "meta-data.awk",
                    "etc/acpi/PWRF/00000080", "acpi-power-button.sh"));
    /** Builds in one JVM wait for each other; across JVMs the atomic move keeps the cache whole. */
    private static final Object BUILD_LOCK = new Object();

    private final BusyboxInitramfs initramfs;
    private final Path isolinuxBin;
    private final Path ldlinux;
    private final Path cacheDir;

    /**
     * @param isolinuxBin isolinux.bin (Debian: /usr/lib/ISOLINUX/isolinux.bin)
     * @param ldlinux the BIOS ldlinux.c32 of the same syslinux (/usr/lib/syslinux/modules/bios/ldlinux.c32)
     */
    public CloudImage(GuestKernel kernel, Path busybox, Path isolinuxBin, Path ldlinux, Path cacheDir) {
        this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
        this.initramfs = new BusyboxInitramfs(kernel, busybox, cacheDir, CONTENTS);
        this.isolinuxBin = Objects.requireNonNull(isolinuxBin, "isolinuxBin");
        this.ldlinux = Objects.requireNonNull(ldlinux, "ldlinux");
    }

    /** The installed cloud kernel, Debian's busybox and syslinux, {@link BusyboxInitramfs#defaultCacheDir()}. */
    public static CloudImage forHost() {
        return new CloudImage(GuestKernel.installed(), Path.of("/bin/busybox"),
                Path.of("/usr/lib/ISOLINUX/isolinux.bin"), Path.of("/usr/lib/syslinux/modules/bios/ldlinux.c32"),
                BusyboxInitramfs.defaultCacheDir());
    }

    public GuestKernel kernel() {
        return initramfs.kernel();
    }

    /**
     * The qcow2 base image ({@code base.qcow2}, 0444 in a 0755 directory so QEMU's user can
     * read it as a backing file), built now unless an identical one is cached (a few hundred ms
     * otherwise). Never write to it: boot overlays on it.
     */
    public Path build() {
        synchronized (BUILD_LOCK) {
            return buildLocked();
        }
    }

    private Path buildLocked() {
        for (Path input : List.of(isolinuxBin, ldlinux)) {
            if (!Files.isRegularFile(input)) {
                throw unavailable(input + " is missing");
            }
        }
        Path initrd = initramfs.build();
        byte[] config = BusyboxInitramfs.resource("isolinux.cfg");
        GuestKernel kernel = initramfs.kernel();
        Path dir = cacheDir.resolve("cloud-" + kernel.version() + "-" + cacheKey(kernel, initrd, config));
        Path image = dir.resolve("base.qcow2");
        if (Files.isRegularFile(image)) {
            return image;
        }
        String genisoimage = tool("genisoimage");
        String isohybrid = tool("isohybrid");
        String qemuImg = tool("qemu-img");
        Path work = null;
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            work = Files.createTempDirectory(cacheDir, "build-cloud-");
            Path tree = Files.createDirectory(work.resolve("iso"));
            Files.createDirectories(tree.resolve("isolinux"));
            Files.createDirectories(tree.resolve("boot"));
            Files.copy(isolinuxBin, tree.resolve("isolinux/isolinux.bin"));
            Files.copy(ldlinux, tree.resolve("isolinux/ldlinux.c32"));
            Files.write(tree.resolve("isolinux/isolinux.cfg"), config);
            Files.copy(kernel.vmlinuz(), tree.resolve("boot/vmlinuz"));
            Files.copy(initrd, tree.resolve("boot/initrd.gz"));

            Path iso = work.resolve("base.iso");
            Path log = work.resolve("commands.out");
            Commands.run(List.of(genisoimage, "-quiet", "-o", iso.toString(), "-V", VOLUME_ID, "-R", "-J",
                    "-b", "isolinux/isolinux.bin", "-c", "isolinux/boot.cat",
                    "-no-emul-boot", "-boot-load-size", "4", "-boot-info-table", tree.toString()),
                    work, null, log, COMMAND_TIMEOUT_SECONDS);
            // An MBR that chain-loads isolinux, so firmware boots the ISO as a hard disk.
            Commands.run(List.of(isohybrid, iso.toString()), work, null, log, COMMAND_TIMEOUT_SECONDS);
            Path qcow2 = work.resolve("base.qcow2");
            Commands.run(List.of(qemuImg, "convert", "-q", "-f", "raw", "-O", "qcow2", iso.toString(), qcow2.toString()),
                    work, null, log, COMMAND_TIMEOUT_SECONDS);
            // Read-only: libvirt's DAC driver chowns backing files to QEMU's user and leaves them so.
            Files.setPosixFilePermissions(qcow2, PosixFilePermissions.fromString("r--r--r--"));
            // Atomic, so a concurrent build or an interrupted one never leaves a torn image.
            Files.move(qcow2, image, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return image;
        } catch (IOException e) {
            throw new GuestFailed("cannot build the cloud image in " + cacheDir, e);
        } finally {
            if (work != null) {
                BusyboxInitramfs.deleteTree(work);
            }
        }
    }

    private String cacheKey(GuestKernel kernel, Path initrd, byte[] config) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(FORMAT.getBytes(StandardCharsets.UTF_8));
            sha.update(kernel.version().getBytes(StandardCharsets.UTF_8));
            sha.update(config);
            for (Path input : List.of(kernel.vmlinuz(), initrd, isolinuxBin, ldlinux)) {
                sha.update(Files.readAllBytes(input));
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        } catch (IOException e) {
            throw unavailable("cannot read the cloud image inputs: " + e.getMessage());
        }
    }

    private static String tool(String name) {
        Path path = Commands.findExecutable(name);
        if (path == null) {
            throw unavailable(name + " is not installed");
        }
        return path.toString();
    }

    private static GuestUnavailable unavailable(String message) {
        return new GuestUnavailable(message + "; the cloud image also needs " + PACKAGES);
    }
}
