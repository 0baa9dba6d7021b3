-- Points (rules 1, 2, 6, 7). The primary key on pair_key is what keeps a pair from ever holding two
-- points, whichever node starts it; the licence row lock serialises taking points from one licence.
CREATE TABLE point_allocation (
    pair_key    VARCHAR(64)  NOT NULL PRIMARY KEY,
    licence_id  VARCHAR(64)  NOT NULL REFERENCES licence (licence_id),
    first_type  VARCHAR(64)  NOT NULL,
    first_key   VARCHAR(255) NOT NULL,
    second_type VARCHAR(64)  NOT NULL,
    second_key  VARCHAR(255) NOT NULL,
    taken_at    BIGINT       NOT NULL
);
CREATE INDEX point_allocation_licence ON point_allocation (licence_id);

-- The platform's integrations as Tally knows them: enabled on a pair, or disabled and why.
CREATE TABLE integration (
    integration_id  VARCHAR(128) NOT NULL PRIMARY KEY,
    pair_key        VARCHAR(64)  NOT NULL,
    first_type      VARCHAR(64)  NOT NULL,
    first_key       VARCHAR(255) NOT NULL,
    second_type     VARCHAR(64)  NOT NULL,
    second_key      VARCHAR(255) NOT NULL,
    enabled         BOOLEAN      NOT NULL,
    licence_id      VARCHAR(64),
    disabled_reason VARCHAR(40),
    disabled_detail VARCHAR(500),
    updated_at      BIGINT       NOT NULL
);
CREATE INDEX integration_pair ON integration (pair_key, enabled);
