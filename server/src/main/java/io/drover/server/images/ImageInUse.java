package io.drover.server.images;

import io.drover.server.http.ApiException;

/** An image that VMs still use cannot be deleted (409). */
final class ImageInUse extends ApiException {
    ImageInUse(String name, int vms) {
        super(409, "Conflict", "image " + name + " is used by " + vms + (vms == 1 ? " VM" : " VMs") + "; delete those first");
    }
}
