-- Which expiry warnings have fired: one row per licence, expiry and threshold (days ahead), keyed
-- "licence@expire-millis#days". Inserted by the node that fires the warning, so with several nodes,
-- and across restarts, each fires once.
CREATE TABLE expiry_warning (
    warning_key VARCHAR(128) NOT NULL PRIMARY KEY,
    licence_id  VARCHAR(64)  NOT NULL,
    fired_at    BIGINT       NOT NULL
);
