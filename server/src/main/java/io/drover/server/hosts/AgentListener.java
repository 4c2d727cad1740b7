package io.drover.server.hosts;

import io.drover.protocol.link.CommandProgress;
import io.drover.protocol.link.CommandResult;
import io.drover.protocol.link.DomainEvent;
import io.drover.protocol.link.InventoryReport;

/**
 * What the VM feature hears from agents. Called on the link's thread: implementations store
 * what they must and return; nothing waits on an agent here.
 */
public interface AgentListener {
    /** The host's agent (re)connected: commands it may have missed can be sent again. */
    void linked(String hostId);

    void inventory(String hostId, InventoryReport report);

    void domain(String hostId, DomainEvent event);

    void progress(String hostId, CommandProgress progress);

    void result(String hostId, CommandResult result);
}
