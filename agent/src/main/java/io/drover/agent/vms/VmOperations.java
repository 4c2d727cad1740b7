package io.drover.agent.vms;

import io.drover.agent.libvirt.DomainControl;
import io.drover.agent.libvirt.HypervisorUnavailable;
import io.drover.protocol.link.AgentCommand;
import io.drover.protocol.link.DomainReport;

/** Runs one {@link AgentCommand} by its action, with the class that does that action. */
public final class VmOperations implements Operations.Runner {
    private final VmCreate create;
    private final VmPower power;
    private final VmResize resize;
    private final VmDelete delete;
    private final DomainControl domains;

    public VmOperations(VmCreate create, VmPower power, VmResize resize, VmDelete delete, DomainControl domains) {
        this.create = create;
        this.power = power;
        this.resize = resize;
        this.delete = delete;
        this.domains = domains;
    }

    @Override
    public void run(AgentCommand command, OpContext op) throws OperationFailed {
        if (command.vm() == null) throw new InvalidVmSpec("the command has no vm");
        switch (command.action()) {
            case AgentCommand.CREATE -> create.run(command.vm(), op);
            case AgentCommand.START -> power.start(command.vm(), op);
            case AgentCommand.STOP -> power.stop(command.vm(), op);
            case AgentCommand.FORCE_STOP -> power.forceStop(command.vm(), op);
            case AgentCommand.REBOOT -> power.reboot(command.vm(), op);
            case AgentCommand.SUSPEND -> power.suspend(command.vm(), op);
            case AgentCommand.RESUME -> power.resume(command.vm(), op);
            case AgentCommand.RESIZE -> resize.run(command.vm(), op);
            case AgentCommand.DELETE -> delete.run(command.vm(), op);
            default -> throw new InvalidVmSpec("unknown action " + SpecCheck.quoted(command.action()));
        }
    }

    /** The domain after the operation, with its IPs, for the result; null when libvirt cannot say. */
    @Override
    public DomainReport after(AgentCommand command) {
        try {
            return domains.report(SpecCheck.vmId(command.vm().id()), true);
        } catch (HypervisorUnavailable | InvalidVmSpec | NullPointerException e) {
            return null;
        }
    }
}
