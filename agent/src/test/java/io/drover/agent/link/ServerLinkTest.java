package io.drover.agent.link;

import java.util.function.BooleanSupplier;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.agent.retry.Backoff;
import io.drover.protocol.AgentHeartbeat;
import io.drover.protocol.link.AgentCommand;
import io.drover.protocol.link.CancelCommand;
import io.drover.protocol.link.CommandProgress;
import io.drover.protocol.link.VmSpec;
import io.javalin.Javalin;
import io.javalin.websocket.WsHandlerType;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The link against a real WebSocket server on 127.0.0.1 that speaks the server's side of the protocol. */
class ServerLinkTest {
    static final ObjectMapper JSON = new ObjectMapper();

    final List<JsonNode> atServer = new CopyOnWriteArrayList<>();
    final List<JsonNode> inbox = new CopyOnWriteArrayList<>();
    final AtomicInteger linked = new AtomicInteger();
    Javalin server;
    ServerLink link;

    Javalin serve(int port) {
        return Javalin.create(config -> config.routes.addWsHandler(WsHandlerType.WEBSOCKET, AgentHeartbeat.PATH, ws -> {
            ws.onConnect(ctx -> {
                if (ctx.header("Authorization") != null) {
                    ctx.closeSession(1008, "no bearer credentials any more: agents use their certificate");
                    return;
                }
                ctx.send(AgentHeartbeat.WELCOME);
                ctx.send(JSON.writeValueAsString(AgentCommand.of("op-1", AgentCommand.START,
                        new VmSpec("00000000-0000-4000-8000-000000000001", "vm-1", 1, 256, 1, null, null, null, 0))));
                ctx.send("not json");
                ctx.send(JSON.writeValueAsString(CancelCommand.of("op-1")));
            });
            ws.onMessage(ctx -> atServer.add(JSON.readTree(ctx.message())));
        })).start("127.0.0.1", port);
    }

    @AfterEach
    void stop() {
        if (link != null) link.close();
        if (server != null) server.stop();
    }

    @Test
    void deliversCommandsSendsFromAnyThreadAndRelinksAfterTheServerReturns() throws Exception {
        server = serve(0);
        int port = server.port();
        link = new ServerLink(List.of(URI.create("http://127.0.0.1:" + port)), java.net.http.HttpClient::newHttpClient, Duration.ofMillis(200),
                new Backoff(Duration.ofMillis(100), Duration.ofMillis(500)), inbox::add, linked::incrementAndGet);
        link.send(CommandProgress.of("dropped", "x", "running", null)); // not linked yet: dropped
        link.start();

        await(() -> linked.get() == 1 && inbox.size() == 2);
        assertThat(inbox).extracting(m -> m.get("type").asText()).containsExactly("command", "cancel"); // no welcome, no garbage
        assertThat(inbox.get(0).get("vm").get("name").asText()).isEqualTo("vm-1");
        assertThat(link.server()).isEqualTo(URI.create("http://127.0.0.1:" + port));
        await(() -> atServer.stream().anyMatch(m -> m.get("type").asText().equals("heartbeat")));

        // Many threads at once: the JDK WebSocket allows one send at a time, so the link queues them.
        ExecutorService threads = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 200; i++) {
            int n = i;
            threads.execute(() -> link.send(CommandProgress.of("op-" + n, "start", "running", "it's <&> \"quoted\"")));
        }
        threads.shutdown();
        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        await(() -> progress().size() == 200);
        assertThat(progress()).doesNotContain("dropped");
        assertThat(atServer.stream().filter(m -> m.get("type").asText().equals("progress")).findFirst().orElseThrow()
                .get("detail").asText()).isEqualTo("it's <&> \"quoted\"");

        // The server goes away and comes back: the link welcomes again, so the agent reports afresh.
        server.stop();
        await(() -> !link.connected());
        link.send(CommandProgress.of("while-down", "x", "running", null)); // dropped, not queued for later
        server = serve(port);
        await(() -> linked.get() == 2);
        await(() -> inbox.size() == 4);
        Thread.sleep(300);
        assertThat(progress()).doesNotContain("while-down");
    }

    List<String> progress() {
        return atServer.stream().filter(m -> m.get("type").asText().equals("progress")).map(m -> m.get("op_id").asText()).toList();
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 15 s");
            Thread.sleep(20);
        }
    }
}
