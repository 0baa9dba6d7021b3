package io.tally.license.time;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The one row of the latest time Tally has seen. */
@Entity
@Table(name = "seen_time")
public class SeenTime {

    static final int ROW = 1;

    @Id
    @Column(name = "id")
    private int id;

    @Column(name = "latest", nullable = false)
    private long latest;

    protected SeenTime() {
        // for JPA
    }

    SeenTime(Instant latest) {
        this.id = ROW;
        this.latest = latest.toEpochMilli();
    }

    Instant latest() {
        return Instant.ofEpochMilli(latest);
    }

    /** Never goes back: a later time only. */
    void saw(Instant now) {
        latest = Math.max(latest, now.toEpochMilli());
    }
}
