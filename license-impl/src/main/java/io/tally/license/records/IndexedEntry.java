package io.tally.license.records;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row of {@code record_index}: what the record's reads look entries up by, copied from a committed entry. */
@Entity
@Table(name = "record_index")
public class IndexedEntry {

    @Id
    @Column(name = "seq")
    private long seq;

    @Column(name = "recorded_at", nullable = false)
    private long at;

    @Column(name = "entry_type", nullable = false)
    private String type;

    @Column(name = "licence_id")
    private String licenceId;

    protected IndexedEntry() {
        // for JPA; rows are written by RecordIndex's bulk copy only
    }
}
