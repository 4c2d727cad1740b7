package io.drover.e2e.guest;

/** This host lacks something a test guest needs: QEMU, busybox-static, the cloud kernel or cpio. */
public final class GuestUnavailable extends RuntimeException {
    GuestUnavailable(String message) {
        super(message + " (Debian packages: qemu-system-x86 busybox-static linux-image-cloud-amd64 cpio)");
    }
}
