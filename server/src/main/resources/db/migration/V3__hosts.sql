-- Hypervisor hosts and the one-time tokens they join with. Secrets are stored as SHA-256 hex:
-- both are 256 random bits, so a slow hash would add nothing.
CREATE TABLE join_tokens (
    token_sha256  VARCHAR(64)  NOT NULL PRIMARY KEY,
    created_ms    BIGINT       NOT NULL,
    expires_ms    BIGINT       NOT NULL,
    used_ms       BIGINT,
    host_id       VARCHAR(36)
);

CREATE TABLE hosts (
    id                 VARCHAR(36)  NOT NULL PRIMARY KEY,
    name               VARCHAR(253) NOT NULL,
    credential_sha256  VARCHAR(64)  NOT NULL,
    enabled            BOOLEAN      NOT NULL,
    joined_ms          BIGINT       NOT NULL,
    last_heartbeat_ms  BIGINT,
    -- The interval the agent announced; status thresholds count missed heartbeats of it.
    heartbeat_ms       BIGINT       NOT NULL
);

CREATE INDEX hosts_name ON hosts (name);
CREATE INDEX hosts_credential ON hosts (credential_sha256);
