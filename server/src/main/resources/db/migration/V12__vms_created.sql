-- GET /api/v1/vms?sort=created|-created pages by (created_ms, name): an index range, as by name.
CREATE INDEX vms_created ON vms (created_ms, name);
