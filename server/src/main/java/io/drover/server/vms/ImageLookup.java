package io.drover.server.vms;

import io.drover.protocol.link.ImageRef;
import java.util.Optional;

/** The images VMs are made from, as the VM feature needs them (provided by the image feature). */
public interface ImageLookup {
    /** The image with this id, or else this name. */
    Optional<Named> find(String idOrName);

    /** An image, its name and the project it belongs to. */
    record Named(String name, ImageRef ref, String project) {}
}
