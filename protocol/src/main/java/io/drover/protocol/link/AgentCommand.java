package io.drover.protocol.link;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Server → agent, type {@code command}: do {@code action} to a VM. Every action is idempotent
 * (creating what exists, stopping what is stopped, deleting what is gone all succeed), and
 * {@code op_id} ties the agent's {@link CommandProgress} and {@link CommandResult} to the task.
 * A repeated {@code op_id} (the server resends after a reconnect) is not run twice while it runs.
 */
public record AgentCommand(
        @JsonProperty("type") String type,
        @JsonProperty("op_id") String opId,
        @JsonProperty("action") String action,
        @JsonProperty("vm") VmSpec vm) {
    public static final String TYPE = "command";

    public static final String CREATE = "create", START = "start", STOP = "stop", FORCE_STOP = "force_stop",
            REBOOT = "reboot", SUSPEND = "suspend", RESUME = "resume", RESIZE = "resize", DELETE = "delete";
    public static final List<String> ACTIONS = List.of(CREATE, START, STOP, FORCE_STOP, REBOOT, SUSPEND, RESUME, RESIZE, DELETE);

    /**
     * The steps of a create on the host, in order; each is undone if a later one fails or the task
     * is cancelled. A spec with {@code start: false} stops after {@code define}.
     */
    public static final String STEP_FETCH_IMAGE = "fetch_image", STEP_CREATE_DISK = "create_disk",
            STEP_SEED_ISO = "seed_iso", STEP_DEFINE = "define", STEP_START = "start";
    public static final List<String> CREATE_STEPS = List.of(STEP_FETCH_IMAGE, STEP_CREATE_DISK, STEP_SEED_ISO, STEP_DEFINE, STEP_START);

    public static AgentCommand of(String opId, String action, VmSpec vm) {
        return new AgentCommand(TYPE, opId, action, vm);
    }
}
