package io.tally.license.licences.service;

import io.tally.license.host.HostIdentity;
import io.tally.license.licences.Licence;
import io.tally.license.licences.LicenceKind;
import io.tally.license.licences.LicenceRefusedException;
import io.tally.license.licences.LicenceVerifier;
import io.tally.license.licences.Refusal;
import io.tally.license.licences.VerifiedLicence;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Installed licences in the database (upload, rule 7 renewal, rule 8 host binding, rule 6 removal).
 * Every read verifies the stored file again, so what the database says is never trusted on its own;
 * what follows a change (points, memory) is the application layer's. Changes run inside the caller's
 * transaction.
 */
@ApplicationScoped
public class LicenceService {

    @Inject
    ProductBuild build;


    /** How far a licence's issue time may be ahead of this host's clock: the vendor's and this host's clocks differ a little. */
    public static final Duration ISSUE_SKEW = Duration.ofMinutes(15);

    @PersistenceContext(unitName = "tally")
    EntityManager em;

    @Inject
    LicenceVerifier verifier;

    @Inject
    HostIdentity host;

    @Inject
    Clock clock;

    @Inject
    Event<LicencesChanged> changed;

    /** Verified files by their exact text: the trusted keys never change while Tally runs, so a text verifies once. */
    private final Map<String, VerifiedLicence> verifiedTexts = new ConcurrentHashMap<>();

    /** What an upload did. */
    public record Installation(InstalledLicence installed, boolean renewal, boolean pending) {
    }

    /**
     * Installs a licence file, or replaces the installed one with the same id when this one was issued
     * later. A refused file changes nothing.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Installation install(byte[] file, String uploadedBy) {
        VerifiedLicence verified = verifier.verify(file);
        Licence licence = verified.licence();
        Instant now = clock.instant();
        if (!fitsThisHost(licence)) {
            throw new LicenceRefusedException(Refusal.WRONG_HOST, "The licence is bound to '" + licence.boundTo()
                    + "', but this host is " + String.join(", ", host.addresses().all()) + ".");
        }
        Licence.Phase phase = licence.phaseAt(now, build.date());
        if (phase == Licence.Phase.EXPIRED) {
            throw new LicenceRefusedException(Refusal.EXPIRED, "The licence expired at " + licence.expire()
                    + (licence.graceDays() == null ? "" : " and its grace ended at " + licence.end()) + ".");
        }
        if (phase == Licence.Phase.NOT_VALID_FOR_THIS_BUILD) {
            throw new LicenceRefusedException(Refusal.NOT_VALID_FOR_THIS_BUILD, "The perpetual licence covers builds made before "
                    + licence.expire() + " (the end of its maintenance); this build was made at " + build.date() + ".");
        }
        if (licence.issued().isAfter(now.plus(ISSUE_SKEW))) {
            // installed, it would refuse every renewal issued before that time (rule 7 wants a later issue time)
            throw new LicenceRefusedException(Refusal.ISSUED_IN_FUTURE, "The licence says it was issued at " + licence.issued()
                    + ", later than this host's time " + now + " by more than " + ISSUE_SKEW.toMinutes() + " minutes.");
        }
        StoredLicence stored = em.find(StoredLicence.class, licence.id(), LockModeType.PESSIMISTIC_WRITE);
        boolean renewal = stored != null;
        if (renewal && now.isBefore(licence.start())) {
            refuseUnlessNewer(stored, licence);
            Licence waiting = pending(stored);
            if (waiting != null && !licence.issued().isAfter(waiting.issued())) {
                throw new LicenceRefusedException(Refusal.NOT_NEWER, "A renewal of '" + licence.id() + "' issued at " + waiting.issued()
                        + " is pending; this file was issued at " + licence.issued() + ". Only a later issue replaces it.");
            }
            refuseTrialAfterTrial(stored, licence);
            stored.pend(verified.file(), now, uploadedBy); // the installed licence stays in force until the renewal's start
            em.flush();
            changed.fire(new LicencesChanged(licence.id()));
            return new Installation(installed(stored, now), false, true);
        }
        if (renewal) {
            refuseUnlessNewer(stored, licence);
            refuseTrialAfterTrial(stored, licence);
            Licence waiting = pending(stored);
            stored.replace(verified.file(), now, uploadedBy);
            if (waiting != null && !waiting.issued().isAfter(licence.issued())) {
                stored.clearPending(); // superseded by this later issue
            }
        } else {
            stored = new StoredLicence(licence.id(), verified.file(), now, uploadedBy);
            em.persist(stored);
        }
        em.flush();
        changed.fire(new LicencesChanged(licence.id()));
        return new Installation(installed(stored, now), renewal, false);
    }

    /** The verified pending renewal of a row, or null (none, or it no longer verifies: it will never take over). */
    private Licence pending(StoredLicence stored) {
        if (stored.pendingText() == null) {
            return null;
        }
        try {
            Licence pending = verified(stored.pendingText()).licence();
            return pending.id().equals(stored.licenceId()) ? pending : null;
        } catch (LicenceRefusedException e) {
            return null;
        }
    }

    /**
     * At a pending renewal's start: under the row's lock, the pending file replaces the installed one
     * (the caller applies the renewal rules to the allocations). Empty when there is nothing due, or
     * another node took it over first.
     */
    public Optional<Licence> takeOverPending(String id, Instant now) {
        StoredLicence stored = em.find(StoredLicence.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (stored == null) {
            return Optional.empty();
        }
        Licence pending = pending(stored);
        if (pending == null || now.isBefore(pending.start())) {
            return Optional.empty();
        }
        stored.takeOverPending();
        em.flush();
        changed.fire(new LicencesChanged(id));
        return Optional.of(pending);
    }

    private void refuseUnlessNewer(StoredLicence stored, Licence candidate) {
        InstalledLicence current = installed(stored, clock.instant());
        if (current.licence() != null && !candidate.issued().isAfter(current.licence().issued())) {
            throw new LicenceRefusedException(Refusal.NOT_NEWER, "Licence '" + candidate.id() + "' issued at "
                    + current.licence().issued() + " is installed; this file was issued at " + candidate.issued()
                    + ". Only a later issue replaces it.");
        }
    }

    @Transactional(Transactional.TxType.REQUIRED) // a transaction's entity manager: never the caller's, which another thread's task may close
    public List<InstalledLicence> list() {
        Instant now = clock.instant();
        return em.createNamedQuery("StoredLicence.findAll", StoredLicence.class).getResultList().stream()
                .map(stored -> installed(stored, now))
                .toList();
    }

    /** At most {@code limit} licences in id order after {@code after} (null: from the first). */
    @Transactional(Transactional.TxType.REQUIRED)
    public List<InstalledLicence> page(String after, int limit) {
        Instant now = clock.instant();
        return em.createQuery("SELECT l FROM StoredLicence l WHERE l.licenceId > :after ORDER BY l.licenceId", StoredLicence.class)
                .setParameter("after", after == null ? "" : after).setMaxResults(limit).getResultList().stream()
                .map(stored -> installed(stored, now))
                .toList();
    }

    /** How many licences are installed. */
    @Transactional(Transactional.TxType.REQUIRED)
    public long count() {
        return em.createQuery("SELECT COUNT(l) FROM StoredLicence l", Long.class).getSingleResult();
    }

    @Transactional(Transactional.TxType.REQUIRED) // a transaction's entity manager: never the caller's, which another thread's task may close
    public InstalledLicence get(String id) {
        StoredLicence stored = em.find(StoredLicence.class, id);
        if (stored == null) {
            throw new LicenceNotFoundException(id);
        }
        return installed(stored, clock.instant());
    }

    /** Locks the licence's row for removal (rule 6); {@link #delete} removes it once its points are released. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockForRemoval(String id) {
        if (em.find(StoredLicence.class, id, LockModeType.PESSIMISTIC_WRITE) == null) {
            throw new LicenceNotFoundException(id);
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void delete(String id) {
        em.remove(em.find(StoredLicence.class, id));
        em.flush();
        changed.fire(new LicencesChanged(id));
    }

    /**
     * Claims the handling of a licence's expiry, under its row's lock: the verified licence when it has
     * expired by {@code now} and nobody handled that yet (it is marked handled in this transaction);
     * empty otherwise. Of several nodes trying at once, one gets it; the others find it handled.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Licence> claimExpiry(String id, Instant now) {
        StoredLicence stored = em.find(StoredLicence.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (stored == null || stored.expiryHandled()) {
            return Optional.empty();
        }
        InstalledLicence installed = installed(stored, now);
        if (installed.licence() == null || now.isBefore(installed.licence().end())) {
            return Optional.empty();
        }
        stored.expiryHandledAt(now);
        return Optional.of(installed.licence());
    }

    /** A trial is a trial once: renewing it needs a licence of another kind. */
    private void refuseTrialAfterTrial(StoredLicence stored, Licence renewal) {
        if (renewal.kind() == LicenceKind.TRIAL && wasTrial(stored)) {
            throw new LicenceRefusedException(Refusal.TRIAL_RENEWAL, "Licence " + renewal.id()
                    + " is a trial, and a trial cannot be renewed into another trial: ask the vendor for a subscription or a perpetual licence.");
        }
    }

    private boolean wasTrial(StoredLicence stored) {
        try {
            return verified(stored.fileText()).licence().kind() == LicenceKind.TRIAL;
        } catch (LicenceRefusedException invalid) {
            return false; // a stored row that no longer verifies gave nothing: not a trial that ran
        }
    }

    private boolean fitsThisHost(Licence licence) {
        return licence.boundToAddresses().stream().anyMatch(host.addresses()::contains);
    }

    /**
     * Locks the licence's row and verifies what it holds now: the licence, when it is still installed,
     * verifies and is bound to this host. Decisions about its points are taken on this, never on memory.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Licence> lockVerified(String id) {
        StoredLicence stored = em.find(StoredLicence.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (stored == null) {
            return Optional.empty();
        }
        InstalledLicence installed = installed(stored, clock.instant());
        return installed.boundHere() ? Optional.of(installed.licence()) : Optional.empty();
    }

    InstalledLicence installed(StoredLicence stored, Instant now) {
        VerifiedLicence verified;
        try {
            verified = verified(stored.fileText());
        } catch (LicenceRefusedException e) {
            return new InstalledLicence(stored.licenceId(), null, LicenceStatus.INVALID,
                    "The stored licence no longer verifies (" + e.refusal().code() + "): " + e.detail(), null,
                    stored.uploadedAt(), stored.uploadedBy(), null);
        }
        Licence licence = verified.licence();
        LicenceStatus status;
        String problem = null;
        if (!licence.id().equals(stored.licenceId())) {
            status = LicenceStatus.INVALID;
            problem = "The stored row names licence '" + stored.licenceId() + "' but holds licence '" + licence.id() + "'.";
        } else if (!fitsThisHost(licence)) {
            status = LicenceStatus.WRONG_HOST;
            problem = "Bound to '" + licence.boundTo() + "', none of which is an address of this host.";
        } else {
            switch (licence.phaseAt(now, build.date())) {
                case NOT_YET_VALID -> {
                    status = LicenceStatus.NOT_YET_VALID;
                    problem = "Valid from " + licence.start() + ".";
                }
                case GRACE -> {
                    status = LicenceStatus.IN_GRACE;
                    problem = "Expired at " + licence.expire() + "; in grace until " + licence.end()
                            + ": running integrations keep running, no new pair gets a point.";
                }
                case EXPIRED -> {
                    status = LicenceStatus.EXPIRED;
                    problem = "Expired at " + licence.expire() + ".";
                }
                case NOT_VALID_FOR_THIS_BUILD -> {
                    status = LicenceStatus.NOT_VALID_FOR_THIS_BUILD;
                    problem = "Perpetual, for builds made before " + licence.expire() + "; this build was made at " + build.date()
                            + ". Running integrations run until they are next started.";
                }
                default -> status = LicenceStatus.VALID;
            }
        }
        return new InstalledLicence(stored.licenceId(), licence, status, problem, verified.key().origin(),
                stored.uploadedAt(), stored.uploadedBy(), pending(stored));
    }

    private VerifiedLicence verified(String text) {
        VerifiedLicence known = verifiedTexts.get(text);
        if (known != null) {
            return known;
        }
        VerifiedLicence verified = verifier.verify(text.getBytes(StandardCharsets.UTF_8));
        if (verifiedTexts.size() > 10_000) {
            verifiedTexts.clear(); // a bound, not a cache policy: installations hold far fewer licences
        }
        verifiedTexts.put(text, verified);
        return verified;
    }
}
