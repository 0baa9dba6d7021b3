package io.tally.license.points;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import io.tally.license.spi.DisableReason;
import java.time.Instant;

/** One of the platform's integrations: enabled on a pair under a licence, or disabled and why. */
@Entity
@Table(name = "integration")
@NamedQuery(name = "IntegrationRecord.findAll", query = "SELECT i FROM IntegrationRecord i ORDER BY i.integrationId")
@NamedQuery(name = "IntegrationRecord.findEnabled", query = "SELECT i FROM IntegrationRecord i WHERE i.enabled = TRUE")
@NamedQuery(name = "IntegrationRecord.findEnabledOnPair",
        query = "SELECT i FROM IntegrationRecord i WHERE i.pairKey = :pairKey AND i.enabled = TRUE ORDER BY i.integrationId")
// a list of pair keys, not "IN (SELECT … FROM point_allocation)": H2 runs such a subquery again for every row it
// tests (a licence of 10 000 pairs: 10^8 rows read), unless it reuses the subquery's last result, which Tally turns off
@NamedQuery(name = "IntegrationRecord.findEnabledOnPairs",
        query = "SELECT i FROM IntegrationRecord i WHERE i.enabled = TRUE AND i.pairKey IN :pairKeys ORDER BY i.integrationId")
@NamedQuery(name = "IntegrationRecord.findDisabledBy",
        query = "SELECT i FROM IntegrationRecord i WHERE i.licenceId = :licenceId AND i.enabled = FALSE AND i.disabledReason = :reason ORDER BY i.integrationId")
public class IntegrationRecord {

    /** What {@code disabled_reason} says when the platform itself stopped the integration. */
    static final String STOPPED = "STOPPED";

    @Id
    @Column(name = "integration_id")
    private String integrationId;

    @Column(name = "pair_key", nullable = false)
    private String pairKey;

    @Embedded
    private PairColumns pair;

    @Column(name = "enabled", nullable = false)
    private boolean enabled;

    @Column(name = "licence_id")
    private String licenceId;

    @Column(name = "disabled_reason")
    private String disabledReason;

    @Column(name = "disabled_detail")
    private String disabledDetail;

    @Column(name = "updated_at", nullable = false)
    private long updatedAt;

    /** Counts every change, so that views of it apply changes in commit order. */
    @Column(name = "revision", nullable = false)
    private long revision;

    protected IntegrationRecord() {
        // for JPA
    }

    IntegrationRecord(String integrationId) {
        this.integrationId = integrationId;
    }

    void enable(Pair pair, String licenceId, Instant now) {
        this.pairKey = pair.key();
        this.pair = new PairColumns(pair);
        this.enabled = true;
        this.licenceId = licenceId;
        this.disabledReason = null;
        this.disabledDetail = null;
        this.updatedAt = now.toEpochMilli();
        this.revision++;
    }

    void disable(String reason, String detail, Instant now) {
        this.enabled = false;
        this.disabledReason = reason;
        this.disabledDetail = detail == null || detail.length() <= 500 ? detail : detail.substring(0, 500);
        this.updatedAt = now.toEpochMilli();
        this.revision++;
    }

    PointsChanged.Change change() {
        DisableReason reason = enabled || disabledReason == null || disabledReason.equals(STOPPED) ? null : DisableReason.valueOf(disabledReason);
        return new PointsChanged.Change(integrationId, revision, enabled, pair(), licenceId, reason, Instant.ofEpochMilli(updatedAt));
    }

    public String integrationId() {
        return integrationId;
    }

    public Pair pair() {
        return pair.pair();
    }

    public String pairKey() {
        return pairKey;
    }

    public boolean enabled() {
        return enabled;
    }

    public String licenceId() {
        return licenceId;
    }

    public String disabledReason() {
        return disabledReason;
    }

    public String disabledDetail() {
        return disabledDetail;
    }

    public Instant updatedAt() {
        return Instant.ofEpochMilli(updatedAt);
    }
}
