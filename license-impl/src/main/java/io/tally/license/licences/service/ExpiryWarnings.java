package io.tally.license.licences.service;

import io.tally.license.licences.LicenceKind;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which licences to warn the administrator about (rule 5): expired ones, and those expiring within the
 * configured days ahead ({@code tally.expiry.warning-days}, default 30, 15, 5 and 1; the banner shows from
 * the largest on and names the nearest step reached).
 */
@ApplicationScoped
public class ExpiryWarnings {

    /**
     * A licence to warn about, with the whole days left (negative once expired), and when it is past
     * its expiry but within its grace days, the whole days of grace left.
     */
    public record Warning(InstalledLicence licence, long daysLeft, int step, Long graceDaysLeft) {
        public boolean expired() {
            return daysLeft < 0 && graceDaysLeft == null;
        }

        public boolean inGrace() {
            return graceDaysLeft != null;
        }
    }

    @Inject
    @ConfigProperty(name = "tally.expiry.warning-days", defaultValue = "30,15,5,1")
    String warningDays;

    @Inject
    Clock clock;

    private int[] steps;

    @PostConstruct
    void init() {
        try {
            steps = Arrays.stream(warningDays.split(",")).map(String::strip).mapToInt(Integer::parseInt).sorted().toArray();
        } catch (NumberFormatException e) {
            throw new IllegalStateException("tally.expiry.warning-days must be whole days separated by commas, not '" + warningDays + "'");
        }
        if (steps.length == 0 || steps[0] < 0) {
            throw new IllegalStateException("tally.expiry.warning-days must list days of 0 or more, not '" + warningDays + "'");
        }
    }

    @PersistenceContext(unitName = "tally")
    EntityManager em;

    /** The threshold a licence with these whole days left has reached: the smallest step above them; empty before the window. */
    public java.util.OptionalInt stepReached(long daysLeft) {
        for (int step : steps) {
            if (daysLeft < step) {
                return java.util.OptionalInt.of(step);
            }
        }
        return java.util.OptionalInt.empty();
    }

    /**
     * Claims the firing of one warning: true for the one caller, on any node and across restarts, that
     * stores it first; false when it fired before. Two nodes storing it at once: one commit fails on the
     * key and that caller gets an exception, which means the other fired it.
     */
    @Transactional(Transactional.TxType.MANDATORY) // the caller records what the claim fires in the same transaction
    public boolean claim(String licenceId, Instant expire, int step) {
        String key = FiredWarning.key(licenceId, expire, step);
        if (em.find(FiredWarning.class, key) != null) {
            return false;
        }
        em.persist(new FiredWarning(key, licenceId, clock.instant()));
        em.flush();
        return true;
    }

    /** The warnings as of now. */
    public List<Warning> warnings(List<InstalledLicence> licences) {
        return warnings(licences, clock.instant());
    }

    public List<Warning> warnings(List<InstalledLicence> licences, Instant now) {
        List<Warning> warnings = new ArrayList<>();
        for (InstalledLicence installed : licences) {
            if (installed.licence() == null || installed.licence().kind() == LicenceKind.PERPETUAL) {
                continue; // a perpetual licence's expiry ends its maintenance, not its use
            }
            Instant expire = installed.licence().expire();
            if (!now.isBefore(expire)) {
                Instant end = installed.licence().end();
                warnings.add(new Warning(installed, -1, 0, now.isBefore(end) ? Duration.between(now, end).toDays() : null));
                continue;
            }
            long daysLeft = Duration.between(now, expire).toDays();
            for (int step : steps) {
                if (daysLeft < step) {
                    warnings.add(new Warning(installed, daysLeft, step, null));
                    break;
                }
            }
        }
        return warnings;
    }
}
