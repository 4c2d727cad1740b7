package io.drover.server.events;

import io.drover.server.testing.RawHttp;
import static org.assertj.core.api.Assertions.assertThat;

import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestStores;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The live event stream delivers events, and an open stream never keeps the server from stopping. */
@Timeout(60) // a loaded CI machine took 21 s to start the server and sign in
class EventStreamTest {
    @TempDir
    Path tmp;

    @Test
    void streamsEventsAsTheyHappenAndTheServerStopsWithAStreamOpen() throws Exception {
        TestServer api = TestServer.start(TestStores.H2, tmp, c -> c);
        try (Socket socket = RawHttp.connect(api.tls(), api.httpsPort())) {
            socket.setSoTimeout(30_000); // generous: under a loaded CI the first event has taken over 10 s
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/v1/events/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                    + "Authorization: Bearer " + api.adminToken() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertThat(in.readLine()).contains("200");
            for (String line; (line = in.readLine()) != null && !line.contains("connected"); ) { /* headers */ }

            var registered = api.register("streamed", "10.0.0.1");
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
            StringBuilder event = new StringBuilder();
            for (String line; (line = in.readLine()) != null; ) {
                event.append(line).append('\n');
                if (line.startsWith("data:")) break;
            }
            assertThat(event.toString()).contains("event: registered").contains("\"hostname\":\"streamed\"");

            CompletableFuture<Void> stopped = CompletableFuture.runAsync(api::close);
            stopped.get(10, TimeUnit.SECONDS);
        }
    }
}
