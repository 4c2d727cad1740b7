-- Hosts' facts as their agents report them (null until the first report): capacity for placement.
ALTER TABLE hosts ADD COLUMN hostname VARCHAR(253);
ALTER TABLE hosts ADD COLUMN cpu_model VARCHAR(256);
ALTER TABLE hosts ADD COLUMN cpus INTEGER;
ALTER TABLE hosts ADD COLUMN memory_mib BIGINT;
ALTER TABLE hosts ADD COLUMN disk_total_gib BIGINT;
ALTER TABLE hosts ADD COLUMN disk_free_gib BIGINT;
ALTER TABLE hosts ADD COLUMN libvirt_version VARCHAR(32);
ALTER TABLE hosts ADD COLUMN qemu_version VARCHAR(32);
ALTER TABLE hosts ADD COLUMN accel VARCHAR(8);
ALTER TABLE hosts ADD COLUMN addresses VARCHAR(4096);
ALTER TABLE hosts ADD COLUMN facts_ms BIGINT;

-- A VM: what was asked for (desired, the spec) and what its host last reported (observed).
-- host_id is set by placement in the same transaction that checks the host's capacity, so the
-- sum of the VMs on a host is its allocation.
CREATE TABLE vms (
    id              VARCHAR(36)   NOT NULL PRIMARY KEY,
    name            VARCHAR(63)   NOT NULL,
    cpus            INTEGER       NOT NULL,
    memory_mib      BIGINT        NOT NULL,
    disk_gib        BIGINT        NOT NULL,
    image_id        VARCHAR(36)   NOT NULL,
    ssh_keys        VARCHAR(16384),
    user_data       VARCHAR(65536),
    pinned_host     VARCHAR(36),
    host_id         VARCHAR(36),
    desired         VARCHAR(16)   NOT NULL,
    phase           VARCHAR(16),
    observed        VARCHAR(16),
    observed_ms     BIGINT,
    ips             VARCHAR(4096),
    error           VARCHAR(2048),
    created_ms      BIGINT        NOT NULL,
    CONSTRAINT vms_name UNIQUE (name)
);

CREATE INDEX vms_host ON vms (host_id);
CREATE INDEX vms_image ON vms (image_id);

-- Persisted tasks. steps is the JSON list of the task's steps with their status and times;
-- it is rewritten whole when a step changes (a task has a handful).
CREATE TABLE tasks (
    id            VARCHAR(36)   NOT NULL PRIMARY KEY,
    kind          VARCHAR(16)   NOT NULL,
    vm_id         VARCHAR(36),
    host_id       VARCHAR(36),
    status        VARCHAR(16)   NOT NULL,
    steps         VARCHAR(16384) NOT NULL,
    params        VARCHAR(4096),
    decision      VARCHAR(16384),
    error         VARCHAR(2048),
    cancel_asked  BOOLEAN       NOT NULL,
    created_ms    BIGINT        NOT NULL,
    started_ms    BIGINT,
    ended_ms      BIGINT,
    deadline_ms   BIGINT        NOT NULL
);

CREATE INDEX tasks_vm ON tasks (vm_id, created_ms);
CREATE INDEX tasks_status ON tasks (status);
CREATE INDEX tasks_created ON tasks (created_ms, id);
