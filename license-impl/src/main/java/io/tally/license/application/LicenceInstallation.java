package io.tally.license.application;

import io.tally.license.licences.Licence;
import io.tally.license.licences.LicenceFormat;
import io.tally.license.licences.service.InstalledLicence;
import io.tally.license.licences.service.LicenceCatalogue;
import io.tally.license.licences.service.LicenceService;
import io.tally.license.licences.service.LicencesChanged;
import io.tally.license.points.PointAllocator;
import io.tally.license.time.ClockGuard;
import io.tally.license.transfers.TransferMeters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Uploading, renewing and removing licences (rules 6 to 8) with what follows each: a renewal keeps
 * the allocations the new licence still allows, a removal releases every point of the licence, and
 * both happen in the same transaction as the change. A change that lost a race with a start is run again.
 */
@ApplicationScoped
public class LicenceInstallation {

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

    /** Installs a licence file, or renews the installed one with its id; a refused file changes nothing. */
    public InstalledLicence upload(byte[] file, String uploadedBy) {
        Optional<String> id = LicenceFormat.idOf(file);
        return Contention.retry("upload", () -> transactions.inNew(() -> {
            id.ifPresent(this::lockFailoverTargetsBefore);
            LicenceService.Installation installation = licences.install(file, uploadedBy);
            if (installation.renewal()) {
                points.licenceRenewed(installation.installed().licence());
            }
            clockGuard.record(); // the time seen, last in the lock order
            return installation.installed();
        }));
    }

    /**
     * Removes a licence: its pairs move to other licences with free points, or lose their point and
     * their integrations are disabled.
     */
    public void remove(String licenceId) {
        Contention.retry("removal of " + licenceId, () -> transactions.inNew(() -> {
            lockFailoverTargetsBefore(licenceId);
            licences.lockForRemoval(licenceId);
            points.licenceRemoved(licenceId);
            licences.delete(licenceId);
            clockGuard.record();
            return null;
        }));
    }

    /**
     * The one lock order (licence rows by id) when a licence's pairs may move to other licences: the
     * rows of the licences they could move to that sort before this one are locked first; the rest
     * are locked after it, in order, when the pairs move.
     */
    void lockFailoverTargetsBefore(String licenceId) {
        catalogue.licence(licenceId).ifPresent(installed -> catalogue.covering(installed.systemA(), installed.systemB()).stream()
                .map(Licence::id).filter(id -> id.compareTo(licenceId) < 0).sorted().forEach(licences::lockVerified));
    }

    /** After a committed change: the hot path's licences first, then the meters' caps, which read them. */
    void changed(@Observes(during = TransactionPhase.AFTER_SUCCESS) LicencesChanged change) {
        catalogue.reload();
        meters.capChanged(change.licenceId());
    }
}
