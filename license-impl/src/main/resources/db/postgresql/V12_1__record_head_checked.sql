-- PostgreSQL only (Database adds this folder's migrations there): the database itself refuses to commit
-- a head of the licensing record that names an entry it does not hold with that hash. Checked at each
-- commit (deferred), so an append, which moves the head before it inserts its entries, commits whole;
-- a head's update committed without its inserts (a transaction cut in part) is refused instead of
-- leaving a chain that reads as truncated. H2 has no deferred triggers; see the README.
CREATE FUNCTION record_head_names_its_entry() RETURNS trigger AS $$
BEGIN
    IF NEW.last_seq > 0 AND NOT EXISTS (SELECT 1 FROM licensing_record WHERE seq = NEW.last_seq AND entry_hash = NEW.last_hash) THEN
        RAISE EXCEPTION 'the licensing record''s head names entry %, which is not in the record', NEW.last_seq
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER record_head_names_its_entry AFTER UPDATE ON record_head
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION record_head_names_its_entry();
