package io.tally.license.web.licences;

import io.tally.license.application.Overview;
import io.tally.license.licences.Licence;
import io.tally.license.licences.service.InstalledLicence;
import io.tally.license.transfers.MonthlyTransfers;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A licence over REST: every attribute, its status, points used, this month's transfers, and who installed it. */
public record LicenceRepresentation(
        String id,
        String status,
        String problem,
        String company,
        String registeredTo,
        String email,
        Integer points,
        Integer pointsUsed,
        Long transferredRecordsPerMonth,
        String boundTo,
        Instant start,
        Instant expire,
        Integer graceDays,
        String systemA,
        String systemB,
        String kind,
        String edition,
        List<String> capabilities,
        Instant issued,
        String keyId,
        String keyOrigin,
        Instant uploadedAt,
        String uploadedBy,
        MonthlyTransfers transfers,
        Pending pending) {

    /** A renewal uploaded before its start: it takes over then. */
    public record Pending(Instant start, Instant expire, int points, Long transferredRecordsPerMonth, Instant issued) {
        static Pending of(Licence licence) {
            return licence == null ? null
                    : new Pending(licence.start(), licence.expire(), licence.points(), licence.transferredRecordsPerMonth(), licence.issued());
        }
    }

    static LicenceRepresentation of(Overview.LicenceOverview overview) {
        InstalledLicence installed = overview.installed();
        Optional<Licence> l = Optional.ofNullable(installed.licence()); // absent when the stored file no longer verifies
        return new LicenceRepresentation(installed.id(), installed.status().name(), installed.problem(),
                l.map(Licence::company).orElse(null), l.map(Licence::registeredTo).orElse(null), l.map(Licence::email).orElse(null),
                l.map(Licence::points).orElse(null), l.map(x -> (int) overview.pointsUsed()).orElse(null),
                l.map(Licence::transferredRecordsPerMonth).orElse(null), l.map(Licence::boundTo).orElse(null),
                l.map(Licence::start).orElse(null), l.map(Licence::expire).orElse(null), l.map(Licence::graceDays).orElse(null),
                l.map(Licence::systemA).orElse(null),
                l.map(Licence::systemB).orElse(null), l.map(x -> x.kind().text()).orElse(null), l.map(Licence::edition).orElse(null),
                l.map(Licence::capabilities).orElse(null), l.map(Licence::issued).orElse(null), l.map(Licence::keyId).orElse(null),
                installed.keyOrigin(), installed.uploadedAt(), installed.uploadedBy(), overview.month(), Pending.of(installed.pending()));
    }
}
