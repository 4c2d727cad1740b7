package io.drover.server.images;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.server.http.Route;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The base-image feature, wired: store, registration, routes. Uploaded files live in
 * {@code imagesDir} (the server's {@code <data dir>/images}) named by image id.
 */
public final class Images {
    /** The largest image an upload may be: 64 GiB. Larger ones can be registered by path. */
    public static final long MAX_UPLOAD_BYTES = 64L << 30;

    private final ImageStore store;
    private final List<Route> routes;

    /**
     * {@code usage} says how many VMs use an image (the VM feature's), so those cannot be deleted;
     * {@code access} which host may fetch which image (also the VM feature's);
     * {@code registrable} are the directories an admin may register images from by path.
     */
    public Images(Jdbi jdbi, Path imagesDir, ImageDirs registrable, Clock clock, ObjectMapper mapper, ImageUsage usage, ImageAccess access) {
        this(jdbi, imagesDir, registrable, clock, mapper, usage, access, MAX_UPLOAD_BYTES);
    }

    Images(Jdbi jdbi, Path imagesDir, ImageDirs registrable, Clock clock, ObjectMapper mapper, ImageUsage usage, ImageAccess access,
           long maxUploadBytes) {
        prepare(imagesDir);
        this.store = new ImageStore(jdbi);
        ImageRegistration registration = new ImageRegistration(store, imagesDir, clock);
        this.routes = new ImageRoutes(store, registration, usage, access, imagesDir, registrable, maxUploadBytes, mapper).routes();
    }

    public List<Route> routes() {
        return routes;
    }

    /** The image with this id or name, e.g. the one a VM create asks for. */
    public Optional<Image> find(String idOrName) {
        if (idOrName == null || idOrName.isEmpty()) return Optional.empty();
        return store.find(idOrName).map(StoredImage::image);
    }

    /** Creates the images dir and removes temp files a crash left mid-upload (no row points at them). */
    private static void prepare(Path imagesDir) {
        try {
            Files.createDirectories(imagesDir);
            try (DirectoryStream<Path> parts = Files.newDirectoryStream(imagesDir, "*" + UploadFile.SUFFIX)) {
                for (Path part : parts) Files.deleteIfExists(part);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the images dir " + imagesDir, e);
        }
    }
}
