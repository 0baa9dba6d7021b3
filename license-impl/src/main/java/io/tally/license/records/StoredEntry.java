package io.tally.license.records;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row of {@code licensing_record}: written once, never changed. */
@Entity
@Table(name = "licensing_record")
public class StoredEntry {

    @Id
    @Column(name = "seq")
    private long seq;

    @Column(name = "recorded_at", nullable = false)
    private long at;

    @Column(name = "actor", nullable = false)
    private String actor;

    @Column(name = "entry_type", nullable = false)
    private String type;

    @Column(name = "licence_id")
    private String licenceId;

    @Column(name = "details", nullable = false)
    private String details;

    @Column(name = "prev_hash", nullable = false)
    private String prevHash;

    @Column(name = "entry_hash", nullable = false)
    private String hash;

    protected StoredEntry() {
        // for JPA
    }

    StoredEntry(Chain.Entry entry) {
        this.seq = entry.seq();
        this.at = entry.at();
        this.actor = entry.actor();
        this.type = entry.type();
        this.licenceId = entry.licenceId();
        this.details = entry.details();
        this.prevHash = entry.prevHash();
        this.hash = entry.hash();
    }

    Chain.Entry entry() {
        return new Chain.Entry(seq, at, actor, type, licenceId, details, prevHash, hash);
    }
}
