package io.tally.license.security;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The hash of a password Tally generated because none was configured. */
@Entity
@Table(name = "generated_credential")
public class GeneratedCredential {

    @Id
    @Column(name = "username")
    private String username;

    @Column(name = "password_sha256", nullable = false)
    private String passwordSha256;

    @Column(name = "created_at", nullable = false)
    private long createdAt;

    protected GeneratedCredential() {
        // for JPA
    }

    GeneratedCredential(String username, String passwordSha256, Instant createdAt) {
        this.username = username;
        this.passwordSha256 = passwordSha256;
        this.createdAt = createdAt.toEpochMilli();
    }

    String passwordSha256() {
        return passwordSha256;
    }
}
