-- Users, projects, API tokens and browser sessions (issue 4). Secrets (token and session values)
-- are stored only as SHA-256: they are 256 random bits, so a slow hash would add nothing; user
-- passwords are Argon2id (PHC strings).

CREATE TABLE projects (
    name            VARCHAR(63)   NOT NULL PRIMARY KEY,
    description     VARCHAR(1000),
    created_ms      BIGINT        NOT NULL,
    -- Quotas: null means no limit.
    max_vms         INTEGER,
    max_vcpus       INTEGER,
    max_memory_mib  BIGINT,
    max_disk_gib    BIGINT
);
-- Everything made before projects existed belongs here, as does whatever is made without naming one.
INSERT INTO projects (name, description, created_ms) VALUES ('default', 'The project things belong to when none is named', 0);

CREATE TABLE users (
    id                  VARCHAR(36)   NOT NULL PRIMARY KEY,
    username            VARCHAR(64)   NOT NULL UNIQUE,
    -- local: password here; ldap: the directory checks the password and its groups give the role.
    source              VARCHAR(8)    NOT NULL,
    role                VARCHAR(16)   NOT NULL,
    password_hash       VARCHAR(255),
    disabled            BOOLEAN       NOT NULL,
    created_ms          BIGINT        NOT NULL,
    password_changed_ms BIGINT,
    last_login_ms       BIGINT,
    -- Two-factor: the TOTP secret encrypted with the server's secret key; the last step used
    -- (a code is good once); recovery codes as a JSON array of SHA-256 hashes.
    totp_secret         VARCHAR(255),
    totp_enabled        BOOLEAN       NOT NULL,
    totp_last_step      BIGINT,
    recovery_codes      VARCHAR(2000)
);

CREATE TABLE user_projects (
    user_id   VARCHAR(36) NOT NULL,
    project   VARCHAR(63) NOT NULL,
    PRIMARY KEY (user_id, project)
);
CREATE INDEX user_projects_project ON user_projects (project);

CREATE TABLE api_tokens (
    id            VARCHAR(36)  NOT NULL PRIMARY KEY,
    user_id       VARCHAR(36)  NOT NULL,
    name          VARCHAR(64)  NOT NULL,
    token_sha256  CHAR(64)     NOT NULL UNIQUE,
    read_only     BOOLEAN      NOT NULL,
    created_ms    BIGINT       NOT NULL,
    expires_ms    BIGINT       NOT NULL,
    last_used_ms  BIGINT,
    revoked_ms    BIGINT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE sessions (
    id             VARCHAR(36)  NOT NULL PRIMARY KEY,
    secret_sha256  CHAR(64)     NOT NULL UNIQUE,
    user_id        VARCHAR(36)  NOT NULL,
    csrf_token     VARCHAR(64)  NOT NULL,
    created_ms     BIGINT       NOT NULL,
    last_seen_ms   BIGINT       NOT NULL,
    expires_ms     BIGINT       NOT NULL,
    address        VARCHAR(64)
);
CREATE INDEX sessions_user ON sessions (user_id);

ALTER TABLE vms ADD COLUMN project VARCHAR(63) DEFAULT 'default' NOT NULL;
CREATE INDEX vms_project ON vms (project);
ALTER TABLE images ADD COLUMN project VARCHAR(63) DEFAULT 'default' NOT NULL;
