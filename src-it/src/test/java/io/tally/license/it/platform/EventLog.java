package io.tally.license.it.platform;

import io.tally.license.spi.LicensingEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Every licensing event Tally fired, as a platform observing them would see it. */
@ApplicationScoped
public class EventLog {

    private record Hold(CountDownLatch held, CountDownLatch release) {
    }

    /**
     * In the order fired. Not a copy-on-write list: every start fires an event, and copying tens of thousands of them
     * at each new one made more than half of what the server allocated while the record's share was measured.
     */
    private final Queue<LicensingEvent> events = new ConcurrentLinkedQueue<>();
    private final Map<Class<? extends LicensingEvent>, Hold> holds = new ConcurrentHashMap<>();

    void on(@Observes LicensingEvent event) throws InterruptedException {
        events.add(event);
        Hold hold = holds.remove(event.getClass());
        if (hold != null) {
            hold.held().countDown();
            hold.release().await(60, TimeUnit.SECONDS); // a platform busy in its observer, never for ever
        }
    }

    /**
     * The next event of the type keeps Tally's thread in this observer until {@code release} opens (a
     * minute at most), as a platform doing slow work there would; the latch returned opens once it does.
     */
    public CountDownLatch holdNext(Class<? extends LicensingEvent> type, CountDownLatch release) {
        Hold hold = new Hold(new CountDownLatch(1), release);
        holds.put(type, hold);
        return hold.held();
    }

    public List<LicensingEvent> events() {
        return List.copyOf(events);
    }
}
