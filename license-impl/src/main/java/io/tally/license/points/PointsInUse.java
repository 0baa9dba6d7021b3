package io.tally.license.points;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * How many points of a licence are in use: the count of its allocations, kept by every change to them
 * in the same transaction, so that deciding a start reads one row however many pairs the licence holds.
 * EclipseLink inserts the row and never updates it: a changed count is written with the transaction's last
 * statement ({@link #UPDATE}, through {@code LastWrites}), under the row's lock taken before it changed.
 */
@Entity
@Table(name = "licence_points_used")
@NamedQuery(name = "PointsInUse.findAll", query = "SELECT p FROM PointsInUse p")
public class PointsInUse {

    @Id
    @Column(name = "licence_id")
    private String licenceId;

    /** How a changed count is written, kept for the transaction's last statement. */
    static final String UPDATE = "UPDATE licence_points_used SET used = ? WHERE licence_id = ?";

    @Column(name = "used", nullable = false, updatable = false)
    private long used;

    protected PointsInUse() {
        // for JPA
    }

    PointsInUse(String licenceId, long used) {
        this.licenceId = licenceId;
        this.used = used;
    }

    String licenceId() {
        return licenceId;
    }

    long used() {
        return used;
    }

    /** The count this transaction has set and the database not yet seen: it wins over what a read brought in. */
    void keep(long kept) {
        used = kept;
    }

    void add(long points) {
        used += points;
        if (used < 0) {
            throw new IllegalStateException("licence " + licenceId + " would use " + used + " points");
        }
    }
}
