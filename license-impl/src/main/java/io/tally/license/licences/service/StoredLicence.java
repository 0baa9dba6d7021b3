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

    @Column(name = "pending_text")
    private String pendingText;

    @Column(name = "pending_uploaded_at")
    private Long pendingUploadedAt;

    @Column(name = "pending_uploaded_by")
    private String pendingUploadedBy;

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

    /** A renewal that starts later: kept aside, the installed licence stays in force until then. */
    void pend(String fileText, Instant uploadedAt, String uploadedBy) {
        this.pendingText = Objects.requireNonNull(fileText);
        this.pendingUploadedAt = uploadedAt.toEpochMilli();
        this.pendingUploadedBy = Objects.requireNonNull(uploadedBy);
    }

    void clearPending() {
        pendingText = null;
        pendingUploadedAt = null;
        pendingUploadedBy = null;
    }

    /** The pending renewal replaces the installed licence. */
    void takeOverPending() {
        String text = pendingText;
        Instant at = Instant.ofEpochMilli(pendingUploadedAt);
        String by = pendingUploadedBy;
        clearPending();
        replace(text, at, by);
    }

    String pendingText() {
        return pendingText;
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
