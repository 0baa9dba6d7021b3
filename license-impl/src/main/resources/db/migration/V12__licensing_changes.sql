-- What other nodes must learn: every committed transaction that takes back something a node may hold
-- in memory (an integration stopped, disabled or moved, a point released, a licence uploaded, renewed
-- or removed) raises the epoch by one and names what it changed, at that epoch. The epoch row is
-- updated last in the transaction and held through its commit, so epochs commit in order and without
-- gaps: a node that has applied every change up to epoch N knows it missed nothing before N.
CREATE TABLE licensing_epoch (
    id    INTEGER NOT NULL PRIMARY KEY,
    epoch BIGINT  NOT NULL
);
INSERT INTO licensing_epoch (id, epoch) VALUES (1, 0);

-- One row per integration or licence changed at an epoch (exactly one of the two ids is set).
-- Rows older than an hour are deleted; a node that fell further behind reloads everything.
CREATE TABLE licensing_change (
    epoch          BIGINT       NOT NULL,
    node           VARCHAR(36)  NOT NULL,
    integration_id VARCHAR(128),
    licence_id     VARCHAR(64),
    changed_at     BIGINT       NOT NULL
);
CREATE INDEX licensing_change_epoch ON licensing_change (epoch);
