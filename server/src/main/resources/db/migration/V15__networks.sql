-- Networks a VM's NICs sit on (issue 13). A network is shared by every project (project NULL)
-- or belongs to one; each libvirt-managed kind (nat, isolated, routed) is made by the agent on
-- every host that places a VM on it; a bridge network names a bridge the host already has.
CREATE TABLE networks (
    id          VARCHAR(36)  NOT NULL PRIMARY KEY,
    name        VARCHAR(63)  NOT NULL,
    project     VARCHAR(63),
    kind        VARCHAR(16)  NOT NULL,
    bridge      VARCHAR(15),
    vlan        INTEGER,
    created_ms  BIGINT       NOT NULL,
    CONSTRAINT networks_name UNIQUE (name)
);

-- A network's address ranges: the subnet, its gateway and DNS servers, the pools addresses are
-- handed out from and the addresses never handed out (JSON lists).
CREATE TABLE subnets (
    id          VARCHAR(36)   NOT NULL PRIMARY KEY,
    network_id  VARCHAR(36)   NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    cidr        VARCHAR(64)   NOT NULL,
    gateway     VARCHAR(64),
    dns         VARCHAR(1024),
    pools       VARCHAR(4096) NOT NULL,
    excluded    VARCHAR(16384),
    created_ms  BIGINT        NOT NULL
);
CREATE INDEX subnets_network ON subnets (network_id);

-- A VM's NICs, in order, each with the MAC Drover chose and the address it holds from a subnet's
-- pool until the VM is deleted. The unique (subnet_id, address) is what keeps two NICs from ever
-- holding one address, whichever server or transaction hands it out.
CREATE TABLE vm_nics (
    vm_id       VARCHAR(36)  NOT NULL REFERENCES vms (id) ON DELETE CASCADE,
    position    INTEGER      NOT NULL,
    network_id  VARCHAR(36)  NOT NULL REFERENCES networks (id),
    mac         VARCHAR(17)  NOT NULL,
    subnet_id   VARCHAR(36)  REFERENCES subnets (id),
    address     VARCHAR(64),
    PRIMARY KEY (vm_id, position),
    CONSTRAINT vm_nics_mac UNIQUE (mac),
    CONSTRAINT vm_nics_address UNIQUE (subnet_id, address)
);
CREATE INDEX vm_nics_network ON vm_nics (network_id);
