package io.tally.license.web.page;

import io.tally.license.application.Overview;
import io.tally.license.licences.Licence;
import io.tally.license.licences.service.InstalledLicence;
import io.tally.license.licences.service.LicenceStatus;
import io.tally.license.transfers.MonthlyTransfers;
import java.io.Serializable;
import java.util.Locale;

/** One licence as the Licences page shows it; every text here is escaped by Faces when written. */
public record LicenceRow(String id, String company, String registeredTo, String email, String points, String transferredRecords,
                         String boundTo, String start, String expire, String systemA, String systemB, String kind, String edition,
                         String status, String problem, String pointsUsed, String transfers, int barPercent, String barState,
                         boolean valid) implements Serializable {

    static LicenceRow of(Overview.LicenceOverview overview) {
        InstalledLicence installed = overview.installed();
        long pointsUsed = overview.pointsUsed();
        MonthlyTransfers month = overview.month();
        Licence l = installed.licence();
        String status = installed.status().name().replace('_', ' ').toLowerCase(Locale.ROOT);
        if (l == null) {
            return new LicenceRow(installed.id(), "", "", "", "", "", "", "", "", "", "", "", "", status, installed.problem(),
                    "", "", 0, "ok", false);
        }
        String cap = l.transferredRecordsPerMonth() == null ? "unlimited" : Texts.count(l.transferredRecordsPerMonth()) + " / month";
        String transfers = month.cap() == null ? Texts.count(month.records()) + " this month"
                : Texts.count(month.records()) + " of " + Texts.count(month.cap()) + " this month";
        int percent = month.cap() == null ? 0 : (int) Math.min(100, month.records() * 100 / Math.max(1, month.limit()));
        return new LicenceRow(installed.id(), l.company(), l.registeredTo(), l.email(), Integer.toString(l.points()), cap,
                l.boundTo(), Texts.instant(l.start()), Texts.instant(l.expire()), l.systemA(), l.systemB(), l.kind().text(),
                l.edition(), status, problem(installed), pointsUsed + " / " + l.points(), transfers, percent,
                month.state().cssClass(), installed.status() == LicenceStatus.VALID);
    }

    /** The status in words, with a pending renewal when there is one. */
    private static String problem(io.tally.license.licences.service.InstalledLicence installed) {
        String pending = installed.pending() == null ? null : "Renewal pending: " + installed.pending().points() + " points until "
                + Texts.instant(installed.pending().expire()) + ", taking over at " + Texts.instant(installed.pending().start()) + ".";
        if (pending == null) {
            return installed.problem();
        }
        return installed.problem() == null ? pending : installed.problem() + " " + pending;
    }
}
