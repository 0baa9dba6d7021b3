-- Every change of an integration counts up its revision, so that in-memory views apply the changes
-- of concurrent transactions in commit order and never go back to an older state.
ALTER TABLE integration ADD COLUMN revision BIGINT DEFAULT 0 NOT NULL;
