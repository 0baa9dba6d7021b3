package io.tally.license.application;

import io.tally.license.licences.Licence;
import io.tally.license.licences.service.LicenceCatalogue;
import io.tally.license.spi.Integration;
import io.tally.license.spi.SystemInstance;
import io.tally.license.licences.LicenceRequest;
import io.tally.license.transfers.LicenceMeter;
import io.tally.license.transfers.TransferMeters;
import io.tally.license.points.Connectors;
import io.tally.license.points.Pair;
import io.tally.license.points.PointsChanged;
import java.lang.reflect.Field;
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
    final IntegrationLicensing licensing = new IntegrationLicensing();
    final Connectors connectors = new Connectors();
    final LicenceMeter meter;

    /** @param cap the licence's monthly transferred-records cap, {@code null} for none */
    BenchFixture(Long cap) {
        this(cap, false);
    }

    /** @param leased whether the node shares its database with others and counts inside a leased block (as big as the cap) */
    BenchFixture(Long cap, boolean leased) {
        Instant now = Instant.now();
        Licence licence = new LicenceRequest().id("BENCH").company("ACME").registeredTo("Jane").email("j@acme.example")
                .points(10).transferredRecordsPerMonth(cap).boundTo("h.example").systems("servicenow", "jira")
                .start(now.minus(1, ChronoUnit.DAYS)).expire(now.plus(365, ChronoUnit.DAYS)).build("k", now);
        LicenceCatalogue catalogue = new LicenceCatalogue();
        catalogue.builtAt(io.tally.license.licences.service.ProductBuild.at(java.time.Instant.now()));
        catalogue.replace(List.of(licence));
        meter = leased ? io.tally.license.transfers.LeasedBlocks.inABlock("BENCH", cap, cap)
                : new LicenceMeter("BENCH", cap, 10, YearMonth.now(), 0, false, false);
        EnabledIntegrations enabled = new EnabledIntegrations();
        enabled.apply(new PointsChanged.Change(integration.integrationId(), 1, true, Pair.of(integration.systemA(), integration.systemB()),
                "BENCH", null, java.time.Instant.now()), meter);
        licensing.enabled = enabled;
        licensing.catalogue = catalogue;
        licensing.clock = Clock.systemUTC();
        licensing.meters = new TransferMeters();
        licensing.connectors = connectors;
        licensing.otherNodes = new OtherNodes(); // fresh until a tick finds otherwise: no tick runs here
        try {
            Field declared = Connectors.class.getDeclaredField("declared"); // what the deployment's connectors declare
            declared.setAccessible(true);
            declared.set(connectors, Set.of("servicenow", "jira"));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
