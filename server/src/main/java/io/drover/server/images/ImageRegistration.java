package io.drover.server.images;

import io.drover.server.access.Principal;
import io.drover.server.http.NameUnavailable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns a file (an operator's path or a finished upload) into a stored image: format, virtual size, checksum, row. */
final class ImageRegistration {
    private static final Logger log = LoggerFactory.getLogger(ImageRegistration.class);

    private final ImageStore store;
    private final Path imagesDir;
    private final Clock clock;

    ImageRegistration(ImageStore store, Path imagesDir, Clock clock) {
        this.store = store;
        this.imagesDir = imagesDir;
        this.clock = clock;
    }

    /**
     * Refuses a name that is taken now, before a long upload or hash; the insert checks again.
     * Names are global: only a caller who may see the image that has it hears about that image.
     */
    void refuseTaken(String name, Principal caller) {
        store.byName(name).ifPresent(other -> {
            throw caller.inProject(other.project()) ? new ImageNameTaken(name) : new NameUnavailable(name);
        });
    }

    /** Registers an operator's file where it lies: hashed, not copied, and never deleted by Drover. */
    StoredImage registerPath(String name, String project, Path path, ImageFormat requested, Principal caller) {
        refuseTaken(name, caller);
        try {
            FormatProbe.Probed probed = FormatProbe.probe(path);
            FileHash.Hashed hashed = FileHash.sha256(path);
            StoredImage image = image(UUID.randomUUID().toString(), name, decide(probed, requested, hashed.sizeBytes()),
                    probed, hashed.sizeBytes(), hashed.sha256(), path.toString(), ImageSource.PATH, project);
            store.insert(image);
            log.info("image {} ({}) registered at {}", image.name(), image.id(), image.path());
            return image;
        } catch (IOException e) {
            throw new ImagePathRefused("could not read " + path + ": " + e.getMessage());
        }
    }

    /** Keeps a finished upload as {@code <images dir>/<id>} and stores its row; the file goes if the row cannot be stored. */
    StoredImage registerUpload(String name, String project, ImageFormat requested, UploadFile upload) {
        FormatProbe.Probed probed;
        try {
            probed = FormatProbe.probe(upload.path());
        } catch (IOException e) {
            throw new UploadNotStored("could not read back the upload: " + e.getMessage());
        }
        String id = UUID.randomUUID().toString();
        Path target = imagesDir.resolve(id);
        StoredImage image = image(id, name, decide(probed, requested, upload.size()), probed, upload.size(),
                upload.sha256Hex(), target.toString(), ImageSource.UPLOAD, project);
        upload.keepAs(target);
        try {
            store.insert(image);
        } catch (RuntimeException e) {
            delete(target);
            throw e;
        }
        log.info("image {} ({}) uploaded, {} bytes", image.name(), image.id(), image.sizeBytes());
        return image;
    }

    /** Removes an uploaded image's file; an operator's file is left alone. */
    void deleteFile(StoredImage image) {
        if (image.source() == ImageSource.UPLOAD) delete(Path.of(image.path()));
    }

    private StoredImage image(String id, String name, ImageFormat format, FormatProbe.Probed probed, long size,
                              String sha256, String path, ImageSource source, String project) {
        long virtualSize = format == ImageFormat.QCOW2 ? probed.virtualSizeBytes() : size;
        return new StoredImage(id, name, format, size, virtualSize, sha256, path, source, clock.millis(), project);
    }

    /**
     * The detected format, or the requested one when it agrees; raw may be claimed for any file but
     * a polyglot (it reads as raw, and agents state the format to qemu-img rather than let it guess).
     */
    static ImageFormat decide(FormatProbe.Probed probed, ImageFormat requested, long size) {
        if (size == 0) throw new UnusableImage("the file is empty");
        if (probed.polyglot()) throw new UnusableImage(probed.unusable());
        if (requested == ImageFormat.RAW) return ImageFormat.RAW;
        if (requested != null && requested != probed.format()) throw new FormatMismatch(requested, probed.format());
        if (probed.unusable() != null) throw new UnusableImage(probed.unusable());
        return probed.format();
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("could not delete the image file {}: {}", file, e.toString());
        }
    }
}
