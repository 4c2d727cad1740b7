-- One set of migrations for H2 (PostgreSQL mode) and PostgreSQL: plain types only.
-- Times are epoch milliseconds (UTC) so both dialects store and compare them the same way.

CREATE TABLE machines (
    hostname          VARCHAR(253) NOT NULL PRIMARY KEY,
    ip_address        VARCHAR(64)  NOT NULL,
    iface             VARCHAR(64)  NOT NULL,
    status            VARCHAR(16)  NOT NULL,
    first_seen_ms     BIGINT       NOT NULL,
    last_seen_ms      BIGINT       NOT NULL,
    uuid              VARCHAR(64),
    interval_seconds  INTEGER,
    ip_addresses      VARCHAR(4096),
    os                VARCHAR(256),
    agent_version     VARCHAR(64)
);

CREATE INDEX machines_uuid ON machines (uuid);

CREATE TABLE events (
    id        BIGINT       NOT NULL PRIMARY KEY,
    at_ms     BIGINT       NOT NULL,
    type      VARCHAR(32)  NOT NULL,
    hostname  VARCHAR(253) NOT NULL,
    message   VARCHAR(1024) NOT NULL
);

CREATE INDEX events_hostname ON events (hostname, id);

-- Small server-wide settings, e.g. the admin token's hash.
CREATE TABLE settings (
    name   VARCHAR(64)   NOT NULL PRIMARY KEY,
    val    VARCHAR(1024) NOT NULL
);
