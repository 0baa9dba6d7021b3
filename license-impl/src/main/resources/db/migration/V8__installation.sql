-- This installation's id, generated at its first start: it names the installation in licence
-- requests, whichever node or address asks. One row.
CREATE TABLE installation (
    id              INTEGER     NOT NULL PRIMARY KEY,
    installation_id VARCHAR(64) NOT NULL,
    created_at      BIGINT      NOT NULL
);
