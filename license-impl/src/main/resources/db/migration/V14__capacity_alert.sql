-- Which capacity alerts are raised: one row per licence and what reached its share ("ACME-1#points",
-- "ACME-1#records#2026-11"). The node whose insert commits fires the alert; the row is deleted when the
-- share falls below again (so the next crossing fires anew) and when the licence is removed. With
-- several nodes, and across restarts, each crossing fires once.
CREATE TABLE capacity_alert (
    alert_key  VARCHAR(128) NOT NULL PRIMARY KEY,
    licence_id VARCHAR(64)  NOT NULL,
    raised_at  BIGINT       NOT NULL
);
CREATE INDEX capacity_alert_licence ON capacity_alert (licence_id);
