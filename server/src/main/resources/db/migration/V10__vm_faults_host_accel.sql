-- A VM that stopped running by itself is in error with libvirt's reason (issue 9); a host says why
-- its guests get the accelerator they get, may have it set by an operator, and carries a warning
-- when its VMs fail in a way that points at the accelerator.

-- libvirt's reason for the observed state, as the agent reports it (unknown, ioerror, panicked, user …).
ALTER TABLE vms ADD COLUMN observed_reason VARCHAR(32);

-- Why the agent chose its accelerator (the probe's findings, or who set it).
ALTER TABLE hosts ADD COLUMN accel_reason VARCHAR(1000);
-- The operator's setting (auto, kvm, tcg); null: the agent's own --accel decides.
ALTER TABLE hosts ADD COLUMN accel_setting VARCHAR(8);
-- What the operator should look at (a VM stopped by an emulation failure under KVM); null: nothing.
ALTER TABLE hosts ADD COLUMN warning VARCHAR(2000);
