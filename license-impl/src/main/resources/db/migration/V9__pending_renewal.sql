-- A renewal whose start lies ahead waits here, verified again when it takes over at its start.
ALTER TABLE licence ADD COLUMN pending_text VARCHAR(65536);
ALTER TABLE licence ADD COLUMN pending_uploaded_at BIGINT;
ALTER TABLE licence ADD COLUMN pending_uploaded_by VARCHAR(128);
