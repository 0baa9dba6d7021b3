package io.tally.license.platform;

import io.tally.license.application.OtherNodes;
import io.tally.license.application.Overview;
import io.tally.license.licences.service.ExpiryWarnings;
import io.tally.license.licences.service.InstalledLicence;
import io.tally.license.transfers.MonthlyTransfers;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

    @Inject
    OtherNodes otherNodes;

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ExecutorService executor;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("tally-licences").up();
        if (!otherNodes.fresh()) {
            return response.withData("licences", "not readable now: the database is away").build(); // at once, not after the pool's wait
        }
        try {
            // at most a second old; a probe waits for a read of the licences at most a second (the pool may wait far longer)
            List<Overview.LicenceOverview> licences = CompletableFuture.supplyAsync(overview::recentLicences, executor)
                    .get(1, TimeUnit.SECONDS);
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
        } catch (RuntimeException | ExecutionException | TimeoutException unreadable) {
            response.withData("licences", "not readable now: " + unreadable.getClass().getSimpleName()); // the database check says why
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response.withData("licences", "not readable now: interrupted");
        }
        return response.build();
    }

    private static void data(HealthCheckResponseBuilder response, String name, List<String> ids) {
        if (!ids.isEmpty()) {
            response.withData(name, String.join(", ", ids));
        }
    }
}
