package io.tally.license.it.platform;

import io.tally.license.spi.LicensingEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Every licensing event Tally fired, as a platform observing them would see it. */
@ApplicationScoped
public class EventLog {

    private final List<LicensingEvent> events = new CopyOnWriteArrayList<>();

    void on(@Observes LicensingEvent event) {
        events.add(event);
    }

    public List<LicensingEvent> events() {
        return List.copyOf(events);
    }
}
