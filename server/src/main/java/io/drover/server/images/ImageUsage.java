package io.drover.server.images;

/** How many VMs use an image; an image in use cannot be deleted. The VM feature provides it. */
@FunctionalInterface
public interface ImageUsage {
    int vmsUsing(String imageId);
}
