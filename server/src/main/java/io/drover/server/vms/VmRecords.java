package io.drover.server.vms;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.server.images.ImageAccess;
import io.drover.server.images.ImageUsage;
import org.jdbi.v3.core.Jdbi;

/**
 * The stored VMs, made before the rest of the VM feature: the image feature, built earlier (the VM
 * feature needs its images), asks them which VMs use an image and which host may fetch it.
 */
public final class VmRecords implements ImageUsage, ImageAccess {
    final VmStore store;

    public VmRecords(Jdbi jdbi, ObjectMapper mapper) {
        this.store = new VmStore(jdbi, mapper);
    }

    @Override
    public int vmsUsing(String imageId) {
        return store.countUsingImage(imageId);
    }

    @Override
    public boolean hostMayFetch(String hostId, String imageId) {
        return store.imagePlacedOn(imageId, hostId);
    }
}
