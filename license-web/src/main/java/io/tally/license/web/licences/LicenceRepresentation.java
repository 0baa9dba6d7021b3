package io.tally.license.web.licences;

import io.tally.license.licences.Licence;
import io.tally.license.licences.service.InstalledLicence;
import io.tally.license.transfers.MonthlyTransfers;
import java.time.Instant;
import java.util.List;

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
        MonthlyTransfers transfers) {

    static LicenceRepresentation of(InstalledLicence installed, long pointsUsed, MonthlyTransfers transfers) {
        Licence l = installed.licence();
        if (l == null) {
            return new LicenceRepresentation(installed.id(), installed.status().name(), installed.problem(),
                    null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                    installed.uploadedAt(), installed.uploadedBy(), transfers);
        }
        return new LicenceRepresentation(installed.id(), installed.status().name(), installed.problem(),
                l.company(), l.registeredTo(), l.email(), l.points(), (int) pointsUsed, l.transferredRecordsPerMonth(), l.boundTo(),
                l.start(), l.expire(), l.systemA(), l.systemB(), l.kind().text(), l.edition(), l.capabilities(),
                l.issued(), l.keyId(), installed.keyOrigin(), installed.uploadedAt(), installed.uploadedBy(), transfers);
    }
}
