package io.tally.license.application;

import io.tally.license.records.Actor;
import io.tally.license.records.EntryType;
import io.tally.license.records.Fact;
import io.tally.license.records.LicensingRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Administrator logins and failed logins in the licensing record. A failure after a quiet spell is
 * recorded at once; the failures of a burst that follows are counted in memory and recorded as one
 * entry with their count once the burst pauses for {@link #PAUSE_MS} (or every minute while it
 * lasts), so an attack cannot flood the record or slow the login with a write per attempt.
 */
@ApplicationScoped
public class LoginRecord {

    private static final Logger LOG = Logger.getLogger(LoginRecord.class.getName());
    static final long PAUSE_MS = 5_000;
    static final long AT_MOST_EVERY_MS = 60_000;
    private static final int ADDRESSES_KEPT = 5;
    private static final int MAX_NAMES = 1_000;

    @Inject
    LicensingRecord record;

    @Inject
    Clock clock;

    /** The failures for one name since its last entry. */
    private static final class Burst {
        long count;
        long first;
        long last;
        final Set<String> addresses = new TreeSet<>();
    }

    private final Map<String, Burst> bursts = new ConcurrentHashMap<>();

    /** A successful login to the page. */
    public void loggedIn(String name, String address) {
        new Actor(name, "page").run(() -> {
            record.appendAlone(Fact.of(EntryType.LOGIN, null).with("address", address));
            return null;
        });
    }

    /** A failed login (the page or HTTP Basic); {@code shownName} is the name as tried, made safe to show. */
    public void failed(String name, String address, String via) {
        // names sprayed by an attacker share one burst past a bound: memory stays bounded
        String shownName = bursts.size() >= MAX_NAMES && !bursts.containsKey(name) ? "(other names)" : name;
        long now = clock.millis();
        Burst opened = new Burst();
        opened.last = now; // the burst is open from this failure on: later ones within a minute are counted, not written one by one
        boolean first = bursts.putIfAbsent(shownName, opened) == null;
        if (first) {
            try {
                appendFailures(shownName, 1, address == null ? Set.of() : Set.of(address), via);
                return; // the burst now open counts what follows
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "A failed login is not recorded yet; it is counted for the next entry", e);
            }
        }
        Burst burst = bursts.get(shownName);
        if (burst == null) {
            return;
        }
        synchronized (burst) {
            if (burst.count++ == 0) {
                burst.first = now;
            }
            burst.last = now;
            if (address != null && burst.addresses.size() < ADDRESSES_KEPT) {
                burst.addresses.add(address);
            }
        }
    }

    /** Records the counted failures of bursts that paused or ran a minute; forgets bursts quiet for a minute. */
    public void tick() {
        long now = clock.millis();
        for (Map.Entry<String, Burst> entry : bursts.entrySet()) {
            Burst burst = entry.getValue();
            long count;
            Set<String> addresses;
            synchronized (burst) {
                boolean due = burst.count > 0 && (now - burst.last >= PAUSE_MS || now - burst.first >= AT_MOST_EVERY_MS);
                if (!due) {
                    if (burst.count == 0 && now - burst.last >= AT_MOST_EVERY_MS) {
                        bursts.remove(entry.getKey(), burst);
                    }
                    continue;
                }
                count = burst.count;
                addresses = Set.copyOf(burst.addresses);
            }
            try {
                appendFailures(entry.getKey(), count, addresses, "page or rest");
                synchronized (burst) {
                    burst.count -= count;
                    burst.addresses.clear();
                }
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Failed logins are not recorded yet; the next tick tries again", e);
            }
        }
    }

    private void appendFailures(String shownName, long count, Set<String> addresses, String via) {
        new Actor(shownName, via).run(() -> {
            record.appendAlone(Fact.of(EntryType.LOGIN_FAILED, null).with("count", count).with("addresses", new TreeSet<>(addresses)));
            return null;
        });
    }
}
