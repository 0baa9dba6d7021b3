package io.tally.license.it.platform;

import io.tally.license.spi.DisableReason;
import io.tally.license.spi.IntegrationSwitch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The platform's side of Tally's callback: stops the integration and remembers the call. */
@ApplicationScoped
public class RecordingSwitch implements IntegrationSwitch {

    public record Call(String integrationId, DisableReason reason, String detail) {
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();

    @Inject
    TestPlatform platform;

    @Override
    public void disable(String integrationId, DisableReason reason, String detail) {
        calls.add(new Call(integrationId, reason, detail));
        platform.stopped(integrationId);
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }
}
