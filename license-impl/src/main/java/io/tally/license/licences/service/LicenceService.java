package io.tally.license.licences.service;

import io.tally.license.host.HostIdentity;
import io.tally.license.licences.Licence;
import io.tally.license.licences.LicenceRefusedException;
import io.tally.license.licences.LicenceVerifier;
import io.tally.license.licences.Refusal;
import io.tally.license.licences.VerifiedLicence;
import io.tally.license.points.PointAllocator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Installing, reading and removing licences (upload, rule 7 renewal, rule 8 host binding). Every
 * read verifies the stored file again, so what the database says is never trusted on its own.
 */
@ApplicationScoped
public class LicenceService {

    @PersistenceContext(unitName = "tally")
    EntityManager em;

    @Inject
    LicenceVerifier verifier;

    @Inject
    HostIdentity host;

    @Inject
    Clock clock;

    @Inject
    PointAllocator points;

    @Inject
    Event<LicencesChanged> changed;

    /**
     * Installs a licence file, or replaces the installed one with the same id when this one was issued
     * later. A refused file changes nothing.
     */
    @Transactional
    public InstalledLicence upload(byte[] file, String uploadedBy) {
        VerifiedLicence verified = verifier.verify(file);
        Licence licence = verified.licence();
        Instant now = clock.instant();
        if (!host.addresses().contains(licence.boundTo())) {
            throw new LicenceRefusedException(Refusal.WRONG_HOST, "The licence is bound to '" + licence.boundTo()
                    + "', but this host is " + String.join(", ", host.addresses().all()) + ".");
        }
        if (!now.isBefore(licence.expire())) {
            throw new LicenceRefusedException(Refusal.EXPIRED, "The licence expired at " + licence.expire() + ".");
        }
        StoredLicence stored = em.find(StoredLicence.class, licence.id(), LockModeType.PESSIMISTIC_WRITE);
        if (stored == null) {
            stored = new StoredLicence(licence.id(), verified.file(), now, uploadedBy);
            em.persist(stored);
        } else {
            refuseUnlessNewer(stored, licence);
            stored.replace(verified.file(), now, uploadedBy);
            points.licenceRenewed(licence);
        }
        em.flush();
        changed.fire(new LicencesChanged(licence.id()));
        return installed(stored, now);
    }

    private void refuseUnlessNewer(StoredLicence stored, Licence candidate) {
        InstalledLicence current = installed(stored, clock.instant());
        if (current.licence() != null && !candidate.issued().isAfter(current.licence().issued())) {
            throw new LicenceRefusedException(Refusal.NOT_NEWER, "Licence '" + candidate.id() + "' issued at "
                    + current.licence().issued() + " is installed; this file was issued at " + candidate.issued()
                    + ". Only a later issue replaces it.");
        }
    }

    public List<InstalledLicence> list() {
        Instant now = clock.instant();
        return em.createNamedQuery("StoredLicence.findAll", StoredLicence.class).getResultList().stream()
                .map(stored -> installed(stored, now))
                .toList();
    }

    public InstalledLicence get(String id) {
        StoredLicence stored = em.find(StoredLicence.class, id);
        if (stored == null) {
            throw new LicenceNotFoundException(id);
        }
        return installed(stored, clock.instant());
    }

    /** Removes a licence (rule 6): its points are released and the integrations that used them disabled. */
    @Transactional
    public void remove(String id) {
        StoredLicence stored = em.find(StoredLicence.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (stored == null) {
            throw new LicenceNotFoundException(id);
        }
        points.licenceRemoved(id);
        em.remove(stored);
        em.flush();
        changed.fire(new LicencesChanged(id));
    }

    InstalledLicence installed(StoredLicence stored, Instant now) {
        VerifiedLicence verified;
        try {
            verified = verifier.verify(stored.fileText().getBytes(StandardCharsets.UTF_8));
        } catch (LicenceRefusedException e) {
            return new InstalledLicence(stored.licenceId(), null, LicenceStatus.INVALID,
                    "The stored licence no longer verifies (" + e.refusal().code() + "): " + e.detail(), null,
                    stored.uploadedAt(), stored.uploadedBy());
        }
        Licence licence = verified.licence();
        LicenceStatus status;
        String problem = null;
        if (!licence.id().equals(stored.licenceId())) {
            status = LicenceStatus.INVALID;
            problem = "The stored row names licence '" + stored.licenceId() + "' but holds licence '" + licence.id() + "'.";
        } else if (!host.addresses().contains(licence.boundTo())) {
            status = LicenceStatus.WRONG_HOST;
            problem = "Bound to '" + licence.boundTo() + "', which is not an address of this host.";
        } else if (now.isBefore(licence.start())) {
            status = LicenceStatus.NOT_YET_VALID;
            problem = "Valid from " + licence.start() + ".";
        } else if (!now.isBefore(licence.expire())) {
            status = LicenceStatus.EXPIRED;
            problem = "Expired at " + licence.expire() + ".";
        } else {
            status = LicenceStatus.VALID;
        }
        return new InstalledLicence(stored.licenceId(), licence, status, problem, verified.key().origin(),
                stored.uploadedAt(), stored.uploadedBy());
    }
}
