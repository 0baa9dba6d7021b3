-- The licensing record: an append-only, hash-chained history of what changed what is licensed.
-- Tally only ever INSERTs into licensing_record (no UPDATE, no DELETE: see the README for the
-- PostgreSQL grant); record_head is the chain's one head row, locked by every append, so appends
-- from several nodes form one chain.
CREATE TABLE licensing_record (
    seq         BIGINT        NOT NULL PRIMARY KEY,
    recorded_at BIGINT        NOT NULL,
    actor       VARCHAR(128)  NOT NULL,
    entry_type  VARCHAR(40)   NOT NULL,
    licence_id  VARCHAR(64),
    details     VARCHAR(16000) NOT NULL,
    prev_hash   CHAR(64)      NOT NULL,
    entry_hash  CHAR(64)      NOT NULL
);
CREATE INDEX licensing_record_licence ON licensing_record (licence_id, seq);
CREATE INDEX licensing_record_type ON licensing_record (entry_type, seq);
CREATE INDEX licensing_record_time ON licensing_record (recorded_at, seq);

CREATE TABLE record_head (
    id        INTEGER  NOT NULL PRIMARY KEY,
    last_seq  BIGINT   NOT NULL,
    last_hash CHAR(64) NOT NULL
);
INSERT INTO record_head (id, last_seq, last_hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- This installation's Ed25519 key pair, generated at its first start: it signs the monthly usage
-- statements; the public key goes into licence requests.
ALTER TABLE installation ADD COLUMN public_key VARCHAR(64);
ALTER TABLE installation ADD COLUMN private_key VARCHAR(64);

-- Signed monthly usage statements, one per licence and month.
CREATE TABLE usage_statement (
    licence_id     VARCHAR(64)   NOT NULL,
    calendar_month VARCHAR(7)    NOT NULL,
    statement_text VARCHAR(4000) NOT NULL,
    created_at     BIGINT        NOT NULL,
    PRIMARY KEY (licence_id, calendar_month)
);

-- A month is closed once, by whichever node gets there first: the record's month-closed entry and the
-- usage statement follow from that one close.
ALTER TABLE transfer_month ADD COLUMN closed BOOLEAN DEFAULT FALSE NOT NULL;
