package io.drover.server.images;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.server.access.Permission;
import io.drover.server.access.Principal;
import io.drover.server.http.Bodies;
import io.drover.server.http.Cursor;
import io.drover.server.http.Forbidden;
import io.drover.server.http.InvalidRequest;
import io.drover.server.http.Paging;
import io.drover.server.http.Route;
import io.drover.server.projects.ProjectScope;
import io.drover.server.projects.Projects;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.http.MultiPart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /api/v1/images}: register (by path or upload), list, show, delete, and the content agents fetch. */
final class ImageRoutes {
    private static final Logger log = LoggerFactory.getLogger(ImageRoutes.class);

    /** The JSON body of a registration by path. */
    record RegisterRequest(@JsonProperty("name") String name, @JsonProperty("path") String path,
                           @JsonProperty("format") String format, @JsonProperty("project") String project) {}

    private final ImageStore store;
    private final ImageRegistration registration;
    private final ImageUsage usage;
    private final ImageAccess access;
    private final Path imagesDir;
    private final ImageDirs registrable;
    private final long maxUploadBytes;
    private final ObjectMapper mapper;

    ImageRoutes(ImageStore store, ImageRegistration registration, ImageUsage usage, ImageAccess access, Path imagesDir,
                ImageDirs registrable, long maxUploadBytes, ObjectMapper mapper) {
        this.access = access;
        this.registrable = registrable;
        this.store = store;
        this.registration = registration;
        this.usage = usage;
        this.imagesDir = imagesDir;
        this.maxUploadBytes = maxUploadBytes;
        this.mapper = mapper;
    }

    List<Route> routes() {
        return List.of(
                Route.post("/api/v1/images", Permission.IMAGES_WRITE, this::create),
                Route.get("/api/v1/images", Permission.IMAGES_READ, this::list),
                Route.get("/api/v1/images/{id}", Permission.IMAGES_READ, this::show),
                Route.delete("/api/v1/images/{id}", Permission.IMAGES_WRITE, this::delete),
                Route.get("/api/v1/images/{id}/content", Permission.AGENT, this::content));
    }

    private void create(Context ctx) {
        String type = mediaType(ctx.contentType());
        StoredImage image = switch (type) {
            case "", "application/json" -> registerPath(ctx);
            case "multipart/form-data" -> uploadForm(ctx);
            case "application/octet-stream" -> uploadRaw(ctx);
            default -> throw new UnsupportedUploadType(type);
        };
        ctx.status(201).header("Location", "/api/v1/images/" + image.id()).json(ImageJson.of(image));
    }

    private StoredImage registerPath(Context ctx) {
        RegisterRequest request = Bodies.json(ctx, mapper, RegisterRequest.class, new RegisterRequest(null, null, null, null));
        String name = ImageName.check(request.name());
        ImageFormat format = ImageFormat.parseRequested(request.format());
        if (request.path() == null) {
            throw new ImagePathRefused("path is required; to upload the file instead, send multipart/form-data or application/octet-stream");
        }
        // A path reads a file of the server's machine: only an admin may, whatever else their role may write.
        if (!Principal.of(ctx).isAdmin()) throw new Forbidden("registering an image by server path needs the admin role; upload the image instead");
        String project = Projects.forNew(request.project(), Principal.of(ctx));
        return registration.registerPath(name, project, registrable.check(request.path()), format, Principal.of(ctx));
    }

    /** {@code application/octet-stream}: the body is the file, {@code name} and {@code format} are query parameters. */
    private StoredImage uploadRaw(Context ctx) {
        String name = ImageName.check(ctx.queryParam("name"));
        ImageFormat format = ImageFormat.parseRequested(ctx.queryParam("format"));
        String project = Projects.forNew(ctx.queryParam("project"), Principal.of(ctx));
        registration.refuseTaken(name, Principal.of(ctx));
        refuseDeclaredTooLarge(ctx);
        try (UploadFile upload = UploadFile.create(imagesDir, maxUploadBytes)) {
            upload.copyFrom(body(ctx));
            return registration.registerUpload(name, project, format, upload);
        }
    }

    /** {@code multipart/form-data}: a {@code file} part and the fields {@code name} and {@code format}. */
    private StoredImage uploadForm(Context ctx) {
        String project = Projects.forNew(ctx.queryParam("project"), Principal.of(ctx));
        String boundary = MultiPart.extractBoundary(ctx.contentType());
        if (boundary == null || boundary.isEmpty()) throw new InvalidRequest("multipart/form-data needs a boundary in its Content-Type");
        refuseDeclaredTooLarge(ctx);
        try (UploadFile upload = UploadFile.create(imagesDir, maxUploadBytes)) {
            MultipartUpload.Fields fields = MultipartUpload.read(body(ctx), boundary, upload, early -> {
                if (early.name() != null) registration.refuseTaken(ImageName.check(early.name()), Principal.of(ctx));
                ImageFormat.parseRequested(early.format());
            });
            String name = ImageName.check(fields.name());
            return registration.registerUpload(name, project, ImageFormat.parseRequested(fields.format()), upload);
        }
    }

    private void refuseDeclaredTooLarge(Context ctx) {
        if (ctx.req().getContentLengthLong() > maxUploadBytes) throw new UploadTooLarge(maxUploadBytes);
    }

    private void list(Context ctx) {
        int limit = Paging.limit(ctx);
        String after = Cursor.decode(ctx.queryParam("cursor"));
        List<StoredImage> rows = store.page(after, ProjectScope.of(Principal.of(ctx), ctx.queryParam("project")), limit + 1);
        ctx.json(Paging.page(rows, limit, r -> Cursor.encode(r.name()), ImageJson::of));
    }

    private void show(Context ctx) {
        ctx.json(ImageJson.of(visible(ctx)));
    }

    private void delete(Context ctx) {
        StoredImage image = visible(ctx);
        int vms = usage.vmsUsing(image.id());
        if (vms > 0) throw new ImageInUse(image.name(), vms);
        if (!store.delete(image.id())) throw new ImageNotFound(ctx.pathParam("id"));
        registration.deleteFile(image);
        log.info("image {} ({}) deleted", image.name(), image.id());
        ctx.status(204);
    }

    /**
     * The file, for agents: they check it against the SHA-256 in the headers (and in the image). A
     * host gets only the images of VMs placed on it; others are not revealed (404).
     */
    private void content(Context ctx) {
        StoredImage image = find(ctx.pathParam("id"));
        Principal caller = Principal.of(ctx);
        if (caller.kind() != Principal.Kind.HOST || !access.hostMayFetch(caller.subject(), image.id())) {
            throw new ImageNotFound(ctx.pathParam("id"));
        }
        Path file = Path.of(image.path());
        // Checked again on every fetch: the image dirs may have changed, or the file been swapped for a link out of them.
        if (image.source() == ImageSource.PATH && Files.exists(file) && !registrable.stillAllowed(file)) {
            throw new ImageFileGone("the file of image " + image.name() + " is no longer in an image directory of this server");
        }
        InputStream in;
        long size;
        try {
            in = Files.newInputStream(file);
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new ImageFileGone("the file of image " + image.name() + " is no longer at " + image.path());
        } catch (IOException e) {
            throw new ImageFileGone("the file of image " + image.name() + " cannot be read: " + e.getMessage());
        }
        try (in) {
            if (size != image.sizeBytes()) {
                throw new ImageFileGone("the file of image " + image.name() + " changed since it was registered ("
                        + size + " bytes, was " + image.sizeBytes() + ")");
            }
            // Written straight to the servlet response: Javalin's result handling could compress it
            // and then Content-Length would no longer be the file's size.
            HttpServletResponse res = ctx.res();
            res.setStatus(200);
            res.setContentType("application/octet-stream");
            res.setContentLengthLong(size);
            res.setHeader("X-Checksum-Sha256", image.sha256());
            res.setHeader("Digest", "sha-256=" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(image.sha256())));
            res.setHeader("ETag", "\"" + image.sha256() + "\"");
            OutputStream out = res.getOutputStream();
            byte[] buffer = new byte[UploadFile.BUFFER];
            for (int n; (n = in.read(buffer)) >= 0; ) out.write(buffer, 0, n);
            out.flush();
        } catch (IOException e) {
            // The response has begun, so no error body can follow; the agent sees a short read and retries.
            log.info("download of image {} ({}) stopped: {}", image.name(), image.id(), e.toString());
        }
    }

    /** The image in the path if the caller may see it; others' images are not revealed (404). */
    private StoredImage visible(Context ctx) {
        StoredImage image = find(ctx.pathParam("id"));
        if (!Principal.of(ctx).inProject(image.project())) throw new ImageNotFound(ctx.pathParam("id"));
        return image;
    }

    private StoredImage find(String idOrName) {
        return store.find(idOrName).orElseThrow(() -> new ImageNotFound(idOrName));
    }

    private static InputStream body(Context ctx) {
        try {
            return ctx.req().getInputStream();
        } catch (IOException e) {
            throw new UploadIncomplete("could not read the request body: " + e.getMessage());
        }
    }

    private static String mediaType(String contentType) {
        if (contentType == null) return "";
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }
}
