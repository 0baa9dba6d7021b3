package io.tally.license.it.platform;

import io.tally.license.spi.DisableReason;
import io.tally.license.spi.IntegrationSwitch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The platform's side of Tally's callback: stops the integration and remembers the call. */
@ApplicationScoped
public class RecordingSwitch implements IntegrationSwitch {

    public record Call(String integrationId, DisableReason reason, String detail) {
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Runnable> onDisable = new ConcurrentHashMap<>();

    @Inject
    TestPlatform platform;

    @Override
    public void disable(String integrationId, DisableReason reason, String detail) {
        calls.add(new Call(integrationId, reason, detail));
        Runnable hook = onDisable.remove(integrationId);
        if (hook != null) {
            hook.run();
        }
        platform.stopped(integrationId);
    }

    /** Runs {@code hook} inside the next disable call for the integration: a platform doing work of its own there. */
    public void onDisable(String integrationId, Runnable hook) {
        onDisable.put(integrationId, hook);
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }
}
