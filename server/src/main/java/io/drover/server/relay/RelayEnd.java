package io.drover.server.relay;

import java.nio.ByteBuffer;

/** One end of a console relay: the user's WebSocket, the log route's collector, or the agent's WebSocket. */
interface RelayEnd {
    /** Sends {@code data} (not kept after the call returns); {@code done} runs once it has left, or failed. */
    void send(ByteBuffer data, Runnable done);

    /** Ends this side with a WebSocket close code and a reason for the user; a second close is ignored. */
    void close(int code, String reason);

    /** Keeps an idle connection (and proxies on its way) from timing out. */
    default void ping() {}
}
