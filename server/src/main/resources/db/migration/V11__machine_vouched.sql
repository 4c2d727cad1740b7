-- Whether a tracked machine's last heartbeat came with a registration token. Only such a machine
-- is taken for the Drover VM of its project with the same SMBIOS UUID (issue 10, finding 7).
ALTER TABLE machines ADD COLUMN vouched BOOLEAN DEFAULT FALSE NOT NULL;
