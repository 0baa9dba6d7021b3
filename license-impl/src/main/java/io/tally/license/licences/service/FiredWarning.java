package io.tally.license.licences.service;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An expiry warning that fired, keyed by its licence, the expiry it warned of, and the threshold in days. */
@Entity
@Table(name = "expiry_warning")
public class FiredWarning {

    @Id
    @Column(name = "warning_key")
    private String key;

    @Column(name = "licence_id", nullable = false)
    private String licenceId;

    @Column(name = "fired_at", nullable = false)
    private long firedAt;

    protected FiredWarning() {
        // for JPA
    }

    FiredWarning(String key, String licenceId, Instant firedAt) {
        this.key = key;
        this.licenceId = licenceId;
        this.firedAt = firedAt.toEpochMilli();
    }

    static String key(String licenceId, Instant expire, int days) {
        return licenceId + "@" + expire.toEpochMilli() + "#" + days;
    }
}
