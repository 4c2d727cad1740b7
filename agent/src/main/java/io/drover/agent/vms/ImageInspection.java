package io.drover.agent.vms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Asks {@code qemu-img info} about a base image before it is cached or used, and refuses one that
 * names another file: a qcow2 backing file or external data file is opened by QEMU on the host,
 * so an image naming {@code /etc/shadow} or the host's key would hand that file to the guest. The
 * format is always stated ({@code -f}), never probed, so a raw image whose bytes look like qcow2
 * stays raw.
 */
final class ImageInspection {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String qemuImg;

    ImageInspection(String qemuImg) {
        this.qemuImg = qemuImg;
    }

    /** The qemu-img format of an image of the server's {@code format}: an ISO is read as raw bytes. */
    static String qemuFormat(String format) {
        return "iso".equals(format) ? "raw" : format;
    }

    void check(Path file, String format) throws UnsafeImage, ToolFailed {
        String expected = qemuFormat(format);
        String out = Tool.output(List.of(qemuImg, "info", "--output=json", "-f", expected, file.toString()), TIMEOUT);
        JsonNode info;
        try {
            info = JSON.readTree(out);
        } catch (JsonProcessingException e) {
            throw new ToolFailed("qemu-img info answered something that is not JSON for " + file + ": " + e.getOriginalMessage());
        }
        if (!expected.equals(info.path("format").asText())) {
            throw new UnsafeImage("the image " + file.getFileName() + " is " + info.path("format").asText() + ", not " + expected);
        }
        if (info.has("backing-filename") || info.has("full-backing-filename")) {
            throw new UnsafeImage("the image " + file.getFileName() + " has a backing file; a base image must stand alone");
        }
        JsonNode specific = info.path("format-specific").path("data");
        if (specific.has("data-file")) {
            throw new UnsafeImage("the image " + file.getFileName() + " names an external data file; a base image must stand alone");
        }
    }
}
