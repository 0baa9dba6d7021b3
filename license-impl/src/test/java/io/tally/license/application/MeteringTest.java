package io.tally.license.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tally.license.points.PointAllocator;
import io.tally.license.spi.LicensingEvent;
import io.tally.license.transfers.LicenceMeter;
import io.tally.license.transfers.MonthStore;
import io.tally.license.transfers.TransferMeters;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import java.lang.annotation.Annotation;
import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The metering use case without a container: what follows a cut-off, when the database fails on the way. */
class MeteringTest {

    /** The month rows in memory. */
    static final class Rows implements MonthStore {
        final Map<String, Month> rows = new HashMap<>();

        @Override
        public Optional<Month> load(String licenceId, YearMonth month) {
            return Optional.ofNullable(rows.get(licenceId + month));
        }

        @Override
        public List<Month> history(String licenceId) {
            return new ArrayList<>(rows.values());
        }

        @Override
        public Month add(String licenceId, YearMonth month, long records, Long cap, boolean warned, boolean cutOff) {
            return rows.merge(licenceId + month, new Month(month, records, cap, warned, cutOff), (old, add) -> new Month(month,
                    old.records() + records, cap, old.warned() || warned, old.cutOff() || cutOff));
        }

        @Override
        public void liftCutOff(String licenceId, YearMonth month, boolean warned) {
            rows.computeIfPresent(licenceId + month, (key, old) -> new Month(month, old.records(), old.cap(), warned, false));
        }
    }

    /** The points' side of a cut-off, failing as often as told: the database refusing the disabling transaction. */
    static final class Points extends PointAllocator {
        int failuresLeft;
        final List<String> cutOffs = new ArrayList<>();

        @Override
        public void licenceCutOff(String licenceId, String detail) {
            if (failuresLeft-- > 0) {
                throw new IllegalStateException("the database refuses the transaction");
            }
            cutOffs.add(licenceId);
        }
    }

    /** The events a platform would observe. */
    static final class Fired implements Event<LicensingEvent> {
        final List<LicensingEvent> events = new CopyOnWriteArrayList<>();

        @Override public void fire(LicensingEvent event) { events.add(event); }
        @Override public <U extends LicensingEvent> CompletionStage<U> fireAsync(U event) { throw new UnsupportedOperationException(); }
        @Override public <U extends LicensingEvent> CompletionStage<U> fireAsync(U event, NotificationOptions options) { throw new UnsupportedOperationException(); }
        @Override public Event<LicensingEvent> select(Annotation... qualifiers) { return this; }
        @Override public <U extends LicensingEvent> Event<U> select(Class<U> subtype, Annotation... qualifiers) { throw new UnsupportedOperationException(); }
        @Override public <U extends LicensingEvent> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) { throw new UnsupportedOperationException(); }

        long count(Class<? extends LicensingEvent> type) {
            return events.stream().filter(type::isInstance).count();
        }
    }

    final Points points = new Points();
    final Fired fired = new Fired();
    final Metering cut = metering();

    Metering metering() {
        TransferMeters meters = new TransferMeters();
        try {
            for (var field : Map.of("bufferPercent", (Object) 10, "zoneName", Optional.of("UTC"), "store", new Rows(),
                    "caps", (io.tally.license.transfers.Caps) licenceId -> 10L, "clock", Clock.systemUTC(), "leaseMs", 10_000L).entrySet()) {
                var declared = TransferMeters.class.getDeclaredField(field.getKey()); // wired as CDI would, from another package
                declared.setAccessible(true);
                declared.set(meters, field.getValue());
            }
            var init = TransferMeters.class.getDeclaredMethod("init");
            init.setAccessible(true);
            init.invoke(meters);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        Metering metering = new Metering();
        metering.meters = meters;
        metering.points = points;
        metering.events = fired;
        metering.executor = Runnable::run;
        metering.statements = new MonthlyStatements() {
            @Override
            public void write(String licenceId, java.time.YearMonth month) {
                // statements need the record and the installation key: tested on the real server
            }
        };
        metering.transactions = new Transactions() {
            @Override
            public <T> T inNew(java.util.function.Supplier<T> work) {
                return work.get(); // the units of work without a database: what the test checks is the order and the retries
            }
        };
        return metering;
    }

    @Test
    void aCutOffWhoseDisablingFailsIsTriedAgainAtEveryFlushAndHappensOnce() {
        points.failuresLeft = 2;
        LicenceMeter meter = cut.meters.meter("L");
        assertEquals(LicenceMeter.Outcome.REACHED_CAP_AND_CUT_OFF, cut.meters.count(meter, "i", 12));

        cut.transition(); // the first attempt fails
        assertEquals(List.of(), points.cutOffs);
        cut.tick(); // so does the second
        cut.tick();
        cut.tick();

        assertEquals(List.of("L"), points.cutOffs, "disabled once, after the failures");
        assertEquals(1, fired.count(LicensingEvent.TransferCapExceeded.class));
        assertEquals(1, fired.count(LicensingEvent.TransferCapReached.class));
    }

    @Test
    void aReportThatPassesTheLimitReturnsBeforeAnythingIsDisabled() {
        List<Runnable> queued = new ArrayList<>();
        cut.executor = queued::add; // the container's executor, not run yet
        LicenceMeter meter = cut.meters.meter("L");

        cut.meters.count(meter, "i", 12);
        cut.transition();

        assertTrue(meter.cutOff(), "decided on the reporting thread");
        assertEquals(List.of(), points.cutOffs, "nothing disabled on the reporting thread");
        queued.forEach(Runnable::run);
        assertEquals(List.of("L"), points.cutOffs);
    }
}
