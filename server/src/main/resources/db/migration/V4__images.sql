-- Base images VMs are created from. source 'upload': the file is Drover's, kept at
-- <data dir>/images/<id> and deleted with the image; source 'path': an operator's file that was
-- registered where it lies and is never deleted by Drover.
CREATE TABLE images (
    id                  VARCHAR(36)   NOT NULL PRIMARY KEY,
    name                VARCHAR(63)   NOT NULL,
    format              VARCHAR(8)    NOT NULL,
    size_bytes          BIGINT        NOT NULL,
    -- What a guest sees: from the qcow2 header, else the file size.
    virtual_size_bytes  BIGINT        NOT NULL,
    sha256              VARCHAR(64)   NOT NULL,
    path                VARCHAR(4096) NOT NULL,
    source              VARCHAR(8)    NOT NULL,
    created_ms          BIGINT        NOT NULL,
    CONSTRAINT images_name_unique UNIQUE (name)
);
