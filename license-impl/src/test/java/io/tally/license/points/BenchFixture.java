package io.tally.license.points;

import io.tally.license.licences.Licence;
import io.tally.license.licences.service.LicenceCatalogue;
import io.tally.license.spi.Integration;
import io.tally.license.spi.SystemInstance;
import io.tally.license.tool.LicenceRequest;
import io.tally.license.transfers.LicenceMeter;
import io.tally.license.transfers.TransferMeters;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

/**
 * Tally's real hot-path objects, wired by hand as CDI would wire them, with one integration enabled on
 * a pair that holds a point of a valid licence. Nothing here reaches a database: the hot path must not.
 */
final class BenchFixture {

    record BenchIntegration(String integrationId, SystemInstance systemA, SystemInstance systemB) implements Integration {
    }

    final Integration integration = new BenchIntegration("integration-1",
            new SystemInstance("servicenow", "https://sn-1.acme.example"), new SystemInstance("jira", "https://jira-1.acme.example"));
    final PointService points = new PointService();
    final Connectors connectors = new Connectors();
    final LicenceMeter meter;

    /** @param cap the licence's monthly transferred-records cap, {@code null} for none */
    BenchFixture(Long cap) {
        Instant now = Instant.now();
        Licence licence = new LicenceRequest().id("BENCH").company("ACME").registeredTo("Jane").email("j@acme.example")
                .points(10).transferredRecordsPerMonth(cap).boundTo("h.example").systems("servicenow", "jira")
                .start(now.minus(1, ChronoUnit.DAYS)).expire(now.plus(365, ChronoUnit.DAYS)).build("k", now);
        LicenceCatalogue catalogue = new LicenceCatalogue();
        catalogue.replace(List.of(licence));
        meter = new LicenceMeter("BENCH", cap, 10, YearMonth.now(), 0, false, false);
        EnabledIntegrations enabled = new EnabledIntegrations();
        enabled.put(integration.integrationId(), Pair.of(integration.systemA(), integration.systemB()), "BENCH", meter);
        points.enabled = enabled;
        points.catalogue = catalogue;
        points.clock = Clock.systemUTC();
        points.transfers = new TransferMeters();
        connectors.declared = Set.of("servicenow", "jira");
    }
}
