-- Portable SQL: runs on H2 (embedded default) and PostgreSQL. Instants are epoch milliseconds (BIGINT):
-- EclipseLink 4.0 would otherwise serialise java.time.Instant as bytes.

-- One row per installed licence id. The signed file is the truth: every read verifies it again,
-- so a row edited in the database never enables anything.
CREATE TABLE licence (
    licence_id  VARCHAR(64)    NOT NULL PRIMARY KEY,
    file_text   VARCHAR(65536) NOT NULL,
    uploaded_at BIGINT         NOT NULL,
    uploaded_by VARCHAR(128)   NOT NULL
);

-- The administrator password Tally generates on first start when none is configured (SHA-256 of a random secret).
CREATE TABLE generated_credential (
    username        VARCHAR(64) NOT NULL PRIMARY KEY,
    password_sha256 VARCHAR(64) NOT NULL,
    created_at      BIGINT      NOT NULL
);
