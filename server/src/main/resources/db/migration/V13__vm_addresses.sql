-- Each VM's guest addresses as its host reports them (vms.ips, the JSON the API shows, stays the
-- record): one row per address, so GET /api/v1/vms?ip= looks addresses up instead of reading
-- every VM. V14 fills it from what vms.ips holds.
CREATE TABLE vm_addresses (
    vm_id   VARCHAR(36) NOT NULL REFERENCES vms (id) ON DELETE CASCADE,
    address VARCHAR(64) NOT NULL,
    PRIMARY KEY (vm_id, address)
);
CREATE INDEX vm_addresses_address ON vm_addresses (address);
