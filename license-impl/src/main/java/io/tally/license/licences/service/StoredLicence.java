package io.tally.license.licences.service;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/** An installed licence as stored: the signed file as uploaded, and who uploaded it when. */
@Entity
@Table(name = "licence")
@NamedQuery(name = "StoredLicence.findAll", query = "SELECT l FROM StoredLicence l ORDER BY l.licenceId")
public class StoredLicence {

    @Id
    @Column(name = "licence_id")
    private String licenceId;

    @Column(name = "file_text", nullable = false)
    private String fileText;

    @Column(name = "uploaded_at", nullable = false)
    private long uploadedAt;

    @Column(name = "uploaded_by", nullable = false)
    private String uploadedBy;

    @Column(name = "expiry_handled_at")
    private Long expiryHandledAt;

    protected StoredLicence() {
        // for JPA
    }

    public StoredLicence(String licenceId, String fileText, Instant uploadedAt, String uploadedBy) {
        this.licenceId = Objects.requireNonNull(licenceId);
        replace(fileText, uploadedAt, uploadedBy);
    }

    final void replace(String fileText, Instant uploadedAt, String uploadedBy) {
        this.fileText = Objects.requireNonNull(fileText);
        this.uploadedAt = uploadedAt.toEpochMilli();
        this.uploadedBy = Objects.requireNonNull(uploadedBy);
        this.expiryHandledAt = null; // a renewal's expiry is handled anew
    }

    boolean expiryHandled() {
        return expiryHandledAt != null;
    }

    void expiryHandledAt(Instant now) {
        this.expiryHandledAt = now.toEpochMilli();
    }

    public String licenceId() {
        return licenceId;
    }

    public String fileText() {
        return fileText;
    }

    public Instant uploadedAt() {
        return Instant.ofEpochMilli(uploadedAt);
    }

    public String uploadedBy() {
        return uploadedBy;
    }
}
