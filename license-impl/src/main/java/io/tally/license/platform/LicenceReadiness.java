package io.tally.license.platform;

import io.tally.license.application.Overview;
import io.tally.license.licences.service.ExpiryWarnings;
import io.tally.license.licences.service.InstalledLicence;
import io.tally.license.transfers.MonthlyTransfers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Always UP (a licence problem is no reason to take Tally out of a load balancer: the page and the API
 * are how it is fixed), with the licences an operator should look at as data: those in their warning
 * window, in grace, expired, or cut off by their cap this month. Monitoring alerts on the data.
 */
@Readiness
@ApplicationScoped
public class LicenceReadiness implements HealthCheck {

    @Inject
    Overview overview;

    @Inject
    ExpiryWarnings expiry;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("tally-licences").up();
        try {
            List<Overview.LicenceOverview> licences = overview.licences();
            List<String> expiring = new ArrayList<>();
            List<String> inGrace = new ArrayList<>();
            List<String> expired = new ArrayList<>();
            for (ExpiryWarnings.Warning warning : expiry.warnings(licences.stream().map(Overview.LicenceOverview::installed).toList())) {
                String id = warning.licence().id();
                if (warning.inGrace()) {
                    inGrace.add(id + " (" + warning.graceDaysLeft() + " days of grace left)");
                } else if (warning.expired()) {
                    expired.add(id);
                } else {
                    expiring.add(id + " (" + warning.daysLeft() + " days left)");
                }
            }
            List<String> cutOff = licences.stream().filter(l -> l.month().state() == MonthlyTransfers.CapState.CUT_OFF)
                    .map(Overview.LicenceOverview::installed).map(InstalledLicence::id).toList();
            response.withData("installed", licences.size());
            data(response, "expiring", expiring);
            data(response, "in-grace", inGrace);
            data(response, "expired", expired);
            data(response, "cut-off", cutOff);
        } catch (RuntimeException unreadable) {
            response.withData("licences", "not readable now: " + unreadable.getClass().getSimpleName()); // the database check says why
        }
        return response.build();
    }

    private static void data(HealthCheckResponseBuilder response, String name, List<String> ids) {
        if (!ids.isEmpty()) {
            response.withData(name, String.join(", ", ids));
        }
    }
}
