package io.tally.license.it.platform;

import io.tally.license.spi.LicensedStart;
import io.tally.license.spi.LicensedStop;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A small integration platform: its start and disable methods carry Tally's bindings. */
@ApplicationScoped
public class TestPlatform {

    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final Set<String> failOnStart = ConcurrentHashMap.newKeySet();

    @LicensedStart
    public void start(TestIntegration integration) {
        if (failOnStart.contains(integration.integrationId())) {
            throw new IllegalStateException("the platform could not start " + integration.integrationId());
        }
        running.add(integration.integrationId());
    }

    @LicensedStop
    public void disable(TestIntegration integration) {
        running.remove(integration.integrationId());
    }

    public boolean isRunning(String integrationId) {
        return running.contains(integrationId);
    }

    public void failNextStartOf(String integrationId) {
        failOnStart.add(integrationId);
    }

    void started(String integrationId) {
        running.add(integrationId);
    }

    /** What the platform does when Tally disables an integration. */
    void stopped(String integrationId) {
        running.remove(integrationId);
    }
}
