package io.tally.license.application;

import io.tally.license.spi.LicensingEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import jakarta.inject.Inject;

/**
 * The last decisions an administrator should see on the page without searching: pairs moved to
 * another licence, integrations Tally disabled, cut-offs lifted. Kept in this node's memory (the
 * licensing record, when it exists, keeps them for good).
 */
@ApplicationScoped
public class RecentDecisions {

    static final int KEPT = 20;

    /** One decision, when it was made, in words. */
    public record Decision(Instant at, String words) {
    }

    @Inject
    Clock clock;

    private final Deque<Decision> decisions = new ArrayDeque<>();

    void on(@Observes LicensingEvent event) {
        String words = words(event);
        if (words != null) {
            synchronized (decisions) {
                decisions.addFirst(new Decision(clock.instant(), words));
                while (decisions.size() > KEPT) {
                    decisions.removeLast();
                }
            }
        }
    }

    public List<Decision> newestFirst() {
        synchronized (decisions) {
            return List.copyOf(decisions);
        }
    }

    static String words(LicensingEvent event) {
        if (event instanceof LicensingEvent.PointMoved moved) {
            return "Pair " + moved.first() + " – " + moved.second() + " moved from licence " + moved.fromLicenceId() + " to "
                    + moved.toLicenceId() + " (" + cause(moved.cause().name()) + "); its integrations keep running.";
        }
        if (event instanceof LicensingEvent.IntegrationDisabled disabled) {
            return "Integration " + disabled.integrationId() + " disabled: " + disabled.detail();
        }
        if (event instanceof LicensingEvent.TransferCapLifted lifted) {
            return "Licence " + lifted.licenceId() + ": the cut-off of " + lifted.month() + " is lifted by a renewal.";
        }
        return null;
    }

    private static String cause(String reason) {
        return switch (reason) {
            case "LICENCE_EXPIRED" -> "it expired";
            case "LICENCE_REMOVED" -> "it was removed";
            case "LICENCE_RENEWED" -> "its renewal dropped the pair";
            default -> reason;
        };
    }
}
