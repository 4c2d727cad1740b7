package io.drover.server.images;

/**
 * Whether a host may fetch an image's bytes: only when a VM made from it is placed (or being
 * placed) on that host, and on a host dedicated to a project only for that project's VMs. A
 * host's certificate alone must not open every project's images. The VM feature provides it.
 */
@FunctionalInterface
public interface ImageAccess {
    boolean hostMayFetch(String hostId, String imageId);
}
