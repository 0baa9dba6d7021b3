package io.tally.license.points;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
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

    @Embedded
    private PairColumns pair;

    @Column(name = "licence_id", nullable = false)
    private String licenceId;

    @Column(name = "taken_at", nullable = false)
    private long takenAt;

    protected PointAllocation() {
        // for JPA
    }

    PointAllocation(Pair pair, String licenceId, Instant takenAt) {
        this.pairKey = pair.key();
        this.pair = new PairColumns(pair);
        this.licenceId = licenceId;
        this.takenAt = takenAt.toEpochMilli();
    }

    Pair pair() {
        return pair.pair();
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
