package io.drover.server.http;

import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads request bodies with a hard size limit, whatever Content-Length claims. */
public final class Bodies {
    private Bodies() {}

    public static byte[] read(Context ctx, int limitBytes) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > limitBytes) throw new BodyTooLarge(limitBytes);
        try (InputStream in = ctx.req().getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 512);
            byte[] buffer = new byte[8192];
            int total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > limitBytes) throw new BodyTooLarge(limitBytes);
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new InvalidRequest("could not read the request body: " + e.getMessage());
        }
    }
}
