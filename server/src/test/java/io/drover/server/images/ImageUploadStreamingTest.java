package io.drover.server.images;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.server.http.ApiException;
import io.drover.server.http.InvalidRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The upload pieces on their own: the temp file with its limit and hash, and the multipart reader fed in awkward pieces. */
class ImageUploadStreamingTest {
    static final String BOUNDARY = "----drover-test-boundary";

    @TempDir
    Path dir;

    /** A form with the text fields {@code nameValuePairs} and then, unless null, a file part. */
    static byte[] form(String boundary, byte[] file, String... nameValuePairs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + nameValuePairs[i] + "\"\r\n\r\n"
                    + nameValuePairs[i + 1] + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        if (file != null) {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"disk.img\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(file);
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** Hands out at most a few bytes per read, so boundaries and CRLFs fall across reads. */
    static InputStream trickle(byte[] bytes) {
        return new ByteArrayInputStream(bytes) {
            int turn;

            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + (turn++ % 7)));
            }
        };
    }

    List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void theFilePartIsWrittenByteForByteWhateverTheReadSizes() throws Exception {
        // Content full of what a parser could mistake for structure.
        byte[] content = ("\r\n--" + BOUNDARY.substring(0, 10) + "\r\n\r\n--\r" + "x".repeat(300) + "\r\n-").getBytes(StandardCharsets.US_ASCII);
        byte[] noisy = new byte[content.length + 70_000];
        System.arraycopy(content, 0, noisy, 0, content.length);
        System.arraycopy(Noise.bytes(70_000, 3), 0, noisy, content.length, 70_000);
        for (InputStream in : List.of(trickle(form(BOUNDARY, noisy, "name", "ubuntu-24.04", "format", "raw")),
                new ByteArrayInputStream(form(BOUNDARY, noisy, "name", "ubuntu-24.04", "format", "raw")))) {
            List<MultipartUpload.Fields> early = new ArrayList<>();
            try (UploadFile upload = UploadFile.create(dir, 1 << 20)) {
                MultipartUpload.Fields fields = MultipartUpload.read(in, BOUNDARY, upload, early::add);
                assertThat(fields).isEqualTo(new MultipartUpload.Fields("ubuntu-24.04", "raw"));
                assertThat(early).as("fields before the file are seen before it is read").containsExactly(fields);
                assertThat(Files.readAllBytes(upload.path())).isEqualTo(noisy);
                assertThat(upload.size()).isEqualTo(noisy.length);
                assertThat(upload.sha256Hex()).isEqualTo(HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(noisy)));
            }
        }
        assertThat(files()).as("closing without keeping removes the temp file").isEmpty();
    }

    @Test
    void aBadFormIsRefusedAndLeavesNoFile() throws Exception {
        refused(form(BOUNDARY, null, "name", "x"), InvalidRequest.class, "no 'file' part");
        refused(form(BOUNDARY, new byte[10], "colour", "red"), InvalidRequest.class, "unexpected multipart part 'colour'");
        refused(form(BOUNDARY, new byte[10], "name", "x".repeat(2000)), InvalidRequest.class, "longer than 1024");
        byte[] whole = form(BOUNDARY, new byte[100_000]);
        refused(Arrays.copyOf(whole, 50_000), UploadIncomplete.class, "ended before its closing boundary");
        refused("not multipart at all".getBytes(), UploadIncomplete.class, "ended before");
        byte[] two = form(BOUNDARY, new byte[10]);
        byte[] doubled = (new String(two, StandardCharsets.ISO_8859_1).replace("--" + BOUNDARY + "--\r\n", "")
                + new String(two, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1);
        refused(doubled, InvalidRequest.class, "more than one 'file' part");
    }

    void refused(byte[] body, Class<? extends ApiException> type, String detail) throws Exception {
        try (UploadFile upload = UploadFile.create(dir, 1 << 20)) {
            assertThatThrownBy(() -> MultipartUpload.read(new ByteArrayInputStream(body), BOUNDARY, upload, f -> { }))
                    .isInstanceOf(type).hasMessageContaining(detail);
        }
        assertThat(files()).isEmpty();
    }

    @Test
    void aNameRefusedBeforeTheFileStopsTheReadAtOnce() throws Exception {
        InputStream endless = new SequenceInputStream(new ByteArrayInputStream(
                form(BOUNDARY, new byte[0], "name", "taken")), new Noise(Long.MAX_VALUE, 1));
        try (UploadFile upload = UploadFile.create(dir, Long.MAX_VALUE)) {
            assertThatThrownBy(() -> MultipartUpload.read(endless, BOUNDARY, upload, f -> {
                throw new ImageNameTaken(f.name());
            })).isInstanceOf(ImageNameTaken.class);
            assertThat(upload.size()).isZero();
        }
    }

    @Test
    void anUploadOverTheLimitIsRefusedAndRemoved() throws Exception {
        try (UploadFile upload = UploadFile.create(dir, 100_000)) {
            assertThatThrownBy(() -> upload.copyFrom(new Noise(100_001, 1))).isInstanceOf(UploadTooLarge.class)
                    .hasMessageContaining("100000 bytes");
        }
        try (UploadFile upload = UploadFile.create(dir, 100_000)) {
            upload.copyFrom(new Noise(100_000, 1));
            assertThat(upload.sha256Hex()).isEqualTo(Noise.sha256(100_000, 1));
            upload.keepAs(dir.resolve("kept"));
        }
        assertThat(files()).containsExactly(dir.resolve("kept"));
    }

    @Test
    void aBrokenOffBodyIsIncomplete() throws Exception {
        InputStream breaks = new SequenceInputStream(new Noise(300_000, 1), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("Early EOF");
            }
        });
        try (UploadFile upload = UploadFile.create(dir, 1 << 30)) {
            assertThatThrownBy(() -> upload.copyFrom(breaks)).isInstanceOf(UploadIncomplete.class).hasMessageContaining("Early EOF");
        }
        assertThat(files()).isEmpty();
    }
}
