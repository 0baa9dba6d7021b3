-- The latest time Tally has seen, in epoch milliseconds: one row. A clock that reads much earlier
-- than this was turned back (or is wrong), and new starts wait until it is right again.
CREATE TABLE seen_time (
    id     INTEGER NOT NULL PRIMARY KEY,
    latest BIGINT  NOT NULL
);
