package io.tally.license.points;

import io.tally.license.spi.SystemInstance;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/** A pair's point, taken from one licence. */
@Entity
@Table(name = "point_allocation")
@NamedQuery(name = "PointAllocation.countByLicence", query = "SELECT COUNT(a) FROM PointAllocation a WHERE a.licenceId = :licenceId")
@NamedQuery(name = "PointAllocation.findByLicence",
        query = "SELECT a FROM PointAllocation a WHERE a.licenceId = :licenceId ORDER BY a.takenAt, a.pairKey")
@NamedQuery(name = "PointAllocation.countAll", query = "SELECT a.licenceId, COUNT(a) FROM PointAllocation a GROUP BY a.licenceId")
public class PointAllocation {

    @Id
    @Column(name = "pair_key")
    private String pairKey;

    @Column(name = "licence_id", nullable = false)
    private String licenceId;

    @Column(name = "first_type", nullable = false)
    private String firstType;

    @Column(name = "first_key", nullable = false)
    private String firstKey;

    @Column(name = "second_type", nullable = false)
    private String secondType;

    @Column(name = "second_key", nullable = false)
    private String secondKey;

    @Column(name = "taken_at", nullable = false)
    private long takenAt;

    protected PointAllocation() {
        // for JPA
    }

    PointAllocation(Pair pair, String licenceId, Instant takenAt) {
        this.pairKey = pair.key();
        this.licenceId = licenceId;
        this.firstType = pair.first().type();
        this.firstKey = pair.first().key();
        this.secondType = pair.second().type();
        this.secondKey = pair.second().key();
        this.takenAt = takenAt.toEpochMilli();
    }

    Pair pair() {
        return new Pair(new SystemInstance(firstType, firstKey), new SystemInstance(secondType, secondKey));
    }

    String pairKey() {
        return pairKey;
    }

    String licenceId() {
        return licenceId;
    }

    void moveTo(String otherLicenceId) {
        this.licenceId = otherLicenceId;
    }

    PointRules.Allocation asRule() {
        return new PointRules.Allocation(pair(), licenceId, Instant.ofEpochMilli(takenAt));
    }
}
