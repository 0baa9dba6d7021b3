package io.tally.license.application;

import io.tally.license.points.PointsChanged;
import io.tally.license.spi.LicensingEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The decisions a transaction makes while it runs (not after it commits): what a preview shows
 * before it rolls its transaction back. Only the thread that asked collects.
 */
@ApplicationScoped
public class DecisionsInProgress {

    private final ThreadLocal<List<LicensingEvent>> collecting = new ThreadLocal<>();

    /** Runs the work and returns the events decided meanwhile on this thread. */
    <T> List<LicensingEvent> collect(Supplier<T> work) {
        List<LicensingEvent> events = new ArrayList<>();
        collecting.set(events);
        try {
            work.get();
        } finally {
            collecting.remove();
        }
        return events;
    }

    void decided(@Observes PointsChanged change) {
        List<LicensingEvent> events = collecting.get();
        if (events != null) {
            events.addAll(change.events());
        }
    }
}
