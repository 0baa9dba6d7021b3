-- Points in use per licence, kept with every allocation taken, moved or released, so that a start
-- reads one row instead of counting a licence's allocations (ten thousand pairs cost as little as one).
-- Locked last in a transaction (after licence, allocation and integration rows), in licence id order.
-- No foreign key: a removed licence's row stays at 0 for a later upload of the same id.
CREATE TABLE licence_points_used (
    licence_id VARCHAR(64) NOT NULL PRIMARY KEY,
    used       BIGINT      NOT NULL
);
INSERT INTO licence_points_used (licence_id, used)
    SELECT licence_id, COUNT(*) FROM point_allocation GROUP BY licence_id;
