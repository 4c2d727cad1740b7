package io.drover.server.hosts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.websocket.WsContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open agent links of this server, by host id, and the way to send a host a message. A
 * message for a host that is not connected here is not queued: the sender keeps what it still
 * needs and sends it again when {@link AgentListener#linked} says the host is back.
 */
public final class AgentSessions {
    private static final Logger log = LoggerFactory.getLogger(AgentSessions.class);

    private final Map<String, WsContext> byHost = new ConcurrentHashMap<>();
    private final ObjectMapper mapper;

    public AgentSessions(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Sends {@code message} as JSON; false when the host has no link to this server. */
    public boolean send(String hostId, Object message) {
        WsContext session = byHost.get(hostId);
        if (session == null) return false;
        try {
            String text = mapper.writeValueAsString(message);
            synchronized (session) { // one writer at a time per WebSocket
                session.send(text);
            }
            return true;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a link message", e);
        } catch (RuntimeException e) {
            log.warn("cannot send to the agent of host {}: {}", hostId, e.getMessage());
            return false;
        }
    }

    public boolean connected(String hostId) {
        return byHost.containsKey(hostId);
    }

    void opened(String hostId, WsContext session) {
        WsContext previous = byHost.put(hostId, session);
        if (previous != null && previous != session) previous.closeSession(4000, "replaced by a newer link of this host");
    }

    void closed(String hostId, WsContext session) {
        byHost.remove(hostId, session);
    }

    /** Closes the link of a removed host. */
    void drop(String hostId, String why) {
        WsContext session = byHost.remove(hostId);
        if (session != null) session.closeSession(4001, why);
    }
}
