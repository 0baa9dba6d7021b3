package io.tally.license.host;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The one row naming this installation. */
@Entity
@Table(name = "installation")
public class Installation {

    static final int ROW = 1;

    @Id
    @Column(name = "id")
    private int id;

    @Column(name = "installation_id", nullable = false)
    private String installationId;

    @Column(name = "created_at", nullable = false)
    private long createdAt;

    @Column(name = "public_key")
    private String publicKey;

    @Column(name = "private_key")
    private String privateKey;

    protected Installation() {
        // for JPA
    }

    Installation(String installationId, Instant createdAt) {
        this.id = ROW;
        this.installationId = installationId;
        this.createdAt = createdAt.toEpochMilli();
    }

    String installationId() {
        return installationId;
    }

    String publicKey() {
        return publicKey;
    }

    String privateKey() {
        return privateKey;
    }

    /** The key pair, given once: an installation made before keys existed gets its pair at its next start. */
    void keys(String publicKey, String privateKey) {
        this.publicKey = publicKey;
        this.privateKey = privateKey;
    }
}
