package io.drover.agent.vms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.agent.link.ServerLink;
import io.drover.protocol.link.AgentCommand;
import io.drover.protocol.link.CancelCommand;
import io.drover.protocol.link.CommandResult;
import io.drover.protocol.link.ConsoleOpen;
import io.drover.protocol.link.HostSettings;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The link's inbox: reads {@code command} and {@code cancel} messages and hands them to
 * {@link Operations}, {@code host_settings} to whoever applies them and {@code console_open} to the console relay; returns at once. Other types are logged and ignored, so a newer server can
 * add messages without breaking older agents.
 */
public final class ServerCommands implements ServerLink.Inbox {
    private static final Logger log = LoggerFactory.getLogger(ServerCommands.class);
    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Operations operations;
    private final Consumer<Object> out;
    private final Consumer<HostSettings> settings;
    private final Consumer<ConsoleOpen> consoles;

    /**
     * @param settings takes the host's settings from the server (on every link, and when an operator changes them)
     * @param consoles opens a VM's console for a relay (and returns at once)
     */
    public ServerCommands(Operations operations, Consumer<Object> out, Consumer<HostSettings> settings, Consumer<ConsoleOpen> consoles) {
        this.operations = operations;
        this.out = out;
        this.settings = settings;
        this.consoles = consoles;
    }

    @Override
    public void receive(JsonNode message) {
        String type = message.path("type").asText();
        try {
            switch (type) {
                case AgentCommand.TYPE -> {
                    AgentCommand command = JSON.treeToValue(message, AgentCommand.class);
                    if (command.action() == null || !AgentCommand.ACTIONS.contains(command.action())) {
                        log.warn("refusing operation {}: unknown action {}", command.opId(), command.action());
                        if (command.opId() != null) {
                            out.accept(CommandResult.failed(command.opId(), "unknown action " + SpecCheck.quoted(command.action()), false, null));
                        }
                        return;
                    }
                    operations.submit(command);
                }
                case CancelCommand.TYPE -> operations.cancel(JSON.treeToValue(message, CancelCommand.class));
                case HostSettings.TYPE -> settings.accept(JSON.treeToValue(message, HostSettings.class));
                case ConsoleOpen.TYPE -> consoles.accept(JSON.treeToValue(message, ConsoleOpen.class));
                default -> log.debug("ignoring a {} message from the server", type);
            }
        } catch (JsonProcessingException e) {
            log.warn("ignoring a malformed {} message: {}", type, e.getOriginalMessage());
        }
    }
}
