package io.drover.server.images;

/** An image as stored: the public {@link Image} plus where its file is, who owns it and when it was added. */
record StoredImage(String id, String name, ImageFormat format, long sizeBytes, long virtualSizeBytes, String sha256,
                   String path, ImageSource source, long createdMs, String project) {
    Image image() {
        return new Image(id, name, format, sizeBytes, virtualSizeBytes, sha256, Image.contentPathOf(id), project);
    }
}
