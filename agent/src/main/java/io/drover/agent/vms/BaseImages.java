package io.drover.agent.vms;

import io.drover.protocol.link.ImageRef;
import java.nio.file.Path;

/** Where a create gets its base image: {@link ImageCache}, or a fake in the operations' unit tests. */
public interface BaseImages {
    /** The cached image's path, fetching and verifying it first if it is not cached yet. */
    Path ensure(ImageRef image) throws OperationFailed;
}
