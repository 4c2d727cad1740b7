-- Projects reach the rest of the model (issue 4): machines report into a project through that
-- project's registration token; a join token may dedicate the host it admits to one project;
-- events and tasks carry the project of what they are about, so each caller sees only theirs.

-- Registration tokens of a project: a tracker presenting one lands in that project. Stored as
-- SHA-256 (256 random bits, like API tokens); revoked ones are kept for the listing.
CREATE TABLE registration_tokens (
    id            VARCHAR(36)  NOT NULL PRIMARY KEY,
    project       VARCHAR(63)  NOT NULL,
    name          VARCHAR(64)  NOT NULL,
    token_sha256  CHAR(64)     NOT NULL UNIQUE,
    created_ms    BIGINT       NOT NULL,
    created_by    VARCHAR(64),
    revoked_ms    BIGINT
);
CREATE INDEX registration_tokens_project ON registration_tokens (project);

ALTER TABLE machines ADD COLUMN project VARCHAR(63) DEFAULT 'default' NOT NULL;

-- Null: the host is shared by every project; else only that project's VMs are placed on it.
ALTER TABLE join_tokens ADD COLUMN project VARCHAR(63);
ALTER TABLE hosts ADD COLUMN project VARCHAR(63);

-- Null: not about one project (a host's status); such events are shown to whoever may read hosts.
ALTER TABLE events ADD COLUMN project VARCHAR(63);
CREATE INDEX events_project ON events (project, id);
ALTER TABLE tasks ADD COLUMN project VARCHAR(63);
CREATE INDEX tasks_project ON tasks (project, created_ms);
UPDATE tasks SET project = (SELECT vms.project FROM vms WHERE vms.id = tasks.vm_id) WHERE vm_id IS NOT NULL;
