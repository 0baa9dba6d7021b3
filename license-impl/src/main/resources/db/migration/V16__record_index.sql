-- The record's lookups by licence, by type and by time move to a table of their own, filled from the
-- committed entries a moment after they commit (records.RecordIndex), so that an append writes its
-- entry and the head and no secondary index: on H2 each index is a tree that every commit writes out
-- again, three quarters of what an entry added to a new pair's start. Reads take the entries not yet
-- indexed from the record itself (a few at most, by number). Tally only INSERTs here too.
CREATE TABLE record_index (
    seq         BIGINT       NOT NULL PRIMARY KEY,
    recorded_at BIGINT       NOT NULL,
    entry_type  VARCHAR(40)  NOT NULL,
    licence_id  VARCHAR(64)
);
INSERT INTO record_index (seq, recorded_at, entry_type, licence_id)
    SELECT seq, recorded_at, entry_type, licence_id FROM licensing_record;
CREATE INDEX record_index_licence ON record_index (licence_id, seq);
CREATE INDEX record_index_type ON record_index (entry_type, seq);
CREATE INDEX record_index_time ON record_index (recorded_at, seq);

DROP INDEX licensing_record_licence;
DROP INDEX licensing_record_type;
DROP INDEX licensing_record_time;
