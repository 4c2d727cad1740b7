/**
 * The agent link's messages: JSON objects over the one WebSocket an agent keeps open to the
 * server, told apart by their {@code type} field. Agent to server: {@code heartbeat}
 * ({@link io.drover.protocol.AgentHeartbeat}), {@link HostFactsReport facts},
 * {@link InventoryReport inventory}, {@link DomainEvent domain}, {@link CommandProgress progress},
 * {@link CommandResult result}. Server to agent: {@code welcome}, {@link AgentCommand command},
 * {@link CancelCommand cancel}, {@link HostSettings host_settings}, {@link ConsoleOpen console_open}
 * (the VM's console then travels over a WebSocket of its own). Records only; no logic.
 */
package io.drover.protocol.link;
