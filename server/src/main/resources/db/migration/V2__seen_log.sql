-- The heartbeats of known, otherwise unchanged machines: each row is one flush's batch of
-- (hostname, last_seen_ms) pairs, encoded by io.drover.server.tracker.SeenLog. Appending a
-- batch is one insert, where updating last_seen_ms in place rewrote every page of machines
-- several times a second. The server folds this log into a fresh snapshot row now and then and
-- replays it at start: the true last_seen of a machine is the later of machines.last_seen_ms
-- and its newest entry here.
CREATE TABLE seen_log (
    id       BIGINT NOT NULL PRIMARY KEY,
    entries  BYTEA  NOT NULL
);
