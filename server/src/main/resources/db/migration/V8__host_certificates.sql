-- Client certificates issued to host agents by Drover's CA (mutual TLS). A row outlives its host:
-- removing a host revokes its certificates (revoked_ms) and a revoked serial is refused for good.
CREATE TABLE host_certificates (
    serial        VARCHAR(40)  NOT NULL PRIMARY KEY,
    host_id       VARCHAR(36)  NOT NULL,
    issued_ms     BIGINT       NOT NULL,
    not_after_ms  BIGINT       NOT NULL,
    revoked_ms    BIGINT
);

CREATE INDEX host_certificates_host ON host_certificates (host_id);

-- Bearer host credentials (dhc_...) are replaced by certificates; hosts that hold only one must join again.
DROP INDEX hosts_credential;
ALTER TABLE hosts DROP COLUMN credential_sha256;
