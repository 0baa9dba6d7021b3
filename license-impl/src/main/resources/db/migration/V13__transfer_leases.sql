-- Blocks of capped licences' monthly allowances, leased by the nodes that share this database (PostgreSQL;
-- one node on H2 decides alone and writes none). A node counts reports inside its block without asking the
-- database; blocks never overlap, so the nodes together pass a limit once. Rows are replaced at every
-- settlement and dropped when given back, when their month is over, or when not renewed within the lease.
CREATE TABLE transfer_lease (
    licence_id     VARCHAR(64) NOT NULL,
    calendar_month VARCHAR(7)  NOT NULL,
    node           VARCHAR(64) NOT NULL,
    positions      BIGINT      NOT NULL, -- records the node may count and has not stored yet
    last_block     BOOLEAN     NOT NULL, -- the block reaches the limit: this node counts the report that passes it
    renewed_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (licence_id, calendar_month, node)
);
