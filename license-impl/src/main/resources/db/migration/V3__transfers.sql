-- Transferred records per licence and month (rules 3 and 4). Rows outlive the licence: removal and
-- renewal keep the month's count for the licence id, and every month's final count stays as history.
CREATE TABLE transfer_month (
    licence_id VARCHAR(64) NOT NULL,
    calendar_month VARCHAR(7) NOT NULL, -- 2026-11; "month" is reserved in H2
    records    BIGINT      NOT NULL,
    cap        BIGINT,
    warned     BOOLEAN     NOT NULL,
    cut_off    BOOLEAN     NOT NULL,
    PRIMARY KEY (licence_id, calendar_month)
);
