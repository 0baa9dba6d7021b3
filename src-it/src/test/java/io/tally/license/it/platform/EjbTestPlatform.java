package io.tally.license.it.platform;

import io.tally.license.spi.LicensedStart;
import io.tally.license.spi.LicensedStop;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

/** The same platform reached through an EJB, as many platforms' start methods are. */
@Stateless
public class EjbTestPlatform {

    @Inject
    TestPlatform running;

    @LicensedStart
    public void start(TestIntegration integration) {
        running.started(integration.integrationId());
    }

    @LicensedStop
    public void disable(TestIntegration integration) {
        running.stopped(integration.integrationId());
    }
}
