package io.tally.license.application;

import io.tally.license.licences.Licence;
import io.tally.license.licences.LicenceFormat;
import io.tally.license.licences.LicenceRefusedException;
import io.tally.license.records.EntryType;
import io.tally.license.records.Fact;
import io.tally.license.records.LicensingRecord;
import io.tally.license.licences.service.ExpiryWarnings;
import io.tally.license.licences.service.InstalledLicence;
import io.tally.license.licences.service.LicenceCatalogue;
import io.tally.license.licences.service.LicenceService;
import io.tally.license.licences.service.LicencesChanged;
import io.tally.license.points.FailoverLocks;
import io.tally.license.points.PointAllocator;
import io.tally.license.time.ClockGuard;
import io.tally.license.transfers.TransferMeters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import io.tally.license.spi.LicensingEvent;
import java.util.List;
import java.util.Optional;

/**
 * Uploading, renewing and removing licences (rules 6 to 8) with what follows each: a renewal keeps
 * the allocations the new licence still allows, a removal releases every point of the licence, and
 * both happen in the same transaction as the change. A change that lost a race with a start is run again.
 */
@ApplicationScoped
public class LicenceInstallation {

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(LicenceInstallation.class.getName());

    @Inject
    LicenceService licences;

    @Inject
    PointAllocator points;

    @Inject
    Transactions transactions;

    @Inject
    LicenceCatalogue catalogue;

    @Inject
    TransferMeters meters;

    @Inject
    ClockGuard clockGuard;

    @Inject
    DecisionsInProgress decisions;

    @Inject
    LicensingRecord record;

    @Inject
    ExpiryWarnings warnings;

    @Inject
    CapacityAlerts capacity;

    @Inject
    java.time.Clock clock;

    /** Installs a licence file, or renews the installed one with its id; a refused file changes nothing. */
    public InstalledLicence upload(byte[] file, String uploadedBy) {
        Optional<String> id = LicenceFormat.idOf(file);
        try {
            return Contention.retry("upload", () -> transactions.inNew(() -> install(file, uploadedBy, id)));
        } catch (LicenceRefusedException refused) {
            try {
                // the file is never kept, only its fingerprint: it may be anything an attacker sent
                record.appendAlone(Fact.of(EntryType.UPLOAD_REFUSED, null).with("claimedId", id.orElse(null))
                        .with("refusal", refused.refusal().code()).with("sha256", sha256(file)).with("bytes", (long) file.length));
            } catch (RuntimeException notRecorded) {
                // the refusal is what the administrator needs to see; a database that is away must not hide it
                LOG.warning("A refused upload (" + refused.refusal().code() + ") could not be recorded: " + notRecorded);
            }
            throw refused;
        }
    }

    private InstalledLicence install(byte[] file, String uploadedBy, Optional<String> id) {
        FailoverLocks failover = id.map(this::lockFailoverTargetsBefore).orElse(FailoverLocks.UNKNOWN);
        Licence before = id.flatMap(catalogue::licence).orElse(null);
        LicenceService.Installation installation = licences.install(file, uploadedBy);
        Licence installed = installation.installed().licence();
        if (installation.renewal()) {
            points.licenceRenewed(installed, failover);
            record.note(RecordedFacts.renewal(EntryType.LICENCE_RENEWED, before, installed));
        } else if (installation.pending()) {
            record.note(RecordedFacts.renewal(EntryType.RENEWAL_PENDING, installed, installation.installed().pending()));
        } else {
            record.note(RecordedFacts.terms(EntryType.LICENCE_UPLOADED, installed));
        }
        Licence current = installation.installed().licence();
        if (current != null && catalogue.phase(current, clock.instant()).givesPoints()) {
            warnings.claim(current.id(), current.start(), ExpiryNotices.VALIDITY_STARTED); // valid at upload: the upload says it
        }
        clockGuard.record(); // the time seen, last in the lock order before the record's head
        return installation.installed();
    }

    private static String sha256(byte[] file) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(file));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** What {@link #upload} would change, with the same checks and refusals; nothing is stored. */
    public LicencePreview previewUpload(byte[] file, String uploadedBy) {
        Optional<String> id = LicenceFormat.idOf(file);
        Licence before = id.flatMap(catalogue::licence).orElse(null);
        List<LicensingEvent> events = rolledBack(() -> install(file, uploadedBy, id));
        // the file's own terms (verified by the install above): a renewal that starts later would show the installed ones
        return LicencePreview.of(id.orElse(null), before, LicenceFormat.read(file).licence(), events);
    }

    /** What {@link #remove} would change; nothing is stored. */
    public LicencePreview previewRemoval(String licenceId) {
        Licence before = catalogue.licence(licenceId).orElse(null);
        List<LicensingEvent> events = rolledBack(() -> {
            removeInTransaction(licenceId);
            return null;
        });
        return LicencePreview.of(licenceId, before, null, events);
    }

    /** Runs the work in a transaction of its own and rolls it back, whatever it did; a refusal still comes out. */
    private List<LicensingEvent> rolledBack(java.util.function.Supplier<Object> work) {
        try {
            transactions.inNew(() -> {
                List<LicensingEvent> events = decisions.collect(work);
                throw new RolledBack(events);
            });
        } catch (RolledBack done) {
            return done.events;
        }
        throw new IllegalStateException("unreachable: the preview's transaction always rolls back");
    }

    /** Ends a preview's transaction: as a runtime exception, it rolls the transaction back. */
    private static final class RolledBack extends RuntimeException {
        final transient List<LicensingEvent> events;

        RolledBack(List<LicensingEvent> events) {
            super(null, null, false, false);
            this.events = events;
        }
    }

    /**
     * Removes a licence: its pairs move to other licences with free points, or lose their point and
     * their integrations are disabled.
     */
    public void remove(String licenceId) {
        Contention.retry("removal of " + licenceId, () -> transactions.inNew(() -> {
            removeInTransaction(licenceId);
            return null;
        }));
    }

    private void removeInTransaction(String licenceId) {
        FailoverLocks failover = lockFailoverTargetsBefore(licenceId);
        licences.lockForRemoval(licenceId);
        Licence removed = catalogue.licence(licenceId).orElse(null);
        points.licenceRemoved(licenceId, failover);
        licences.delete(licenceId);
        if (removed != null) {
            meters.removing(licenceId, removed.transferredRecordsPerMonth()); // the month it leaves in closes for it, after a restart too
        }
        capacity.forget(licenceId);
        List<String> disabled = record.noted(EntryType.INTEGRATION_DISABLED).stream()
                .filter(fact -> licenceId.equals(fact.licenceId())).map(fact -> (String) fact.value("integration")).toList();
        long moved = record.noted(EntryType.POINT_MOVED).stream().filter(fact -> licenceId.equals(fact.value("from"))).count();
        Fact fact = removed == null ? Fact.of(EntryType.LICENCE_REMOVED, licenceId) : RecordedFacts.terms(EntryType.LICENCE_REMOVED, removed);
        record.note(fact.with("pairsMoved", moved).with("integrationsDisabled", disabled));
        clockGuard.record();
    }

    /**
     * The one lock order (licence rows by id) when a licence's pairs may move to other licences: the
     * rows of the licences they could move to that sort before this one are locked first; the rest
     * are locked after it, in order, when the pairs move.
     */
    FailoverLocks lockFailoverTargetsBefore(String licenceId) {
        return catalogue.licence(licenceId).map(installed -> points.lockFailoverTargetsBefore(licenceId,
                catalogue.covering(installed.systemA(), installed.systemB()))).orElse(FailoverLocks.UNKNOWN);
    }

    /** After a committed change: the hot path's licences first, then the meters' caps, which read them. */
    void changed(@Observes(during = TransactionPhase.AFTER_SUCCESS) LicencesChanged change) {
        catalogue.reload();
        meters.capChanged(change.licenceId()); // a raised cap may lift a cut-off: the next periodic flush decides
        if (catalogue.licence(change.licenceId()).isPresent()) {
            meters.installed(change.licenceId()); // metered from now on, so that its month closes even with nothing counted
        } else {
            meters.removed(change.licenceId()); // metered to the end of this month, then no more
        }
        // (not a flush submitted from here: a task handed to the managed executor from a transaction's
        // completion closed the caller's entity managers)
    }
}
