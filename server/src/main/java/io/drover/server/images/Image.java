package io.drover.server.images;

import io.drover.protocol.link.ImageRef;

/**
 * A registered base image, as other features see it. Agents fetch its bytes from
 * {@code contentPath} (with their host credential) and check them against {@code sha256}.
 *
 * @param virtualSizeBytes the disk size a guest sees: from the qcow2 header, else the file size
 * @param sha256           lower-case hex SHA-256 of the file
 * @param contentPath      {@code /api/v1/images/<id>/content}, relative to the server's URL
 */
public record Image(String id, String name, ImageFormat format, long sizeBytes, long virtualSizeBytes, String sha256,
                    String contentPath, String project) {
    /** The image as the agent protocol carries it: {@code url} is {@link #contentPath}. */
    public ImageRef ref() {
        return new ImageRef(id, sha256, format.wire(), sizeBytes, virtualSizeBytes, contentPath);
    }

    static String contentPathOf(String id) {
        return "/api/v1/images/" + id + "/content";
    }
}
