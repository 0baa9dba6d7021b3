package io.tally.license.transfers;

/**
 * A licence's transferred records in one month, as shown to people.
 *
 * @param month as {@code 2026-11}
 *
 * @param cap   {@code null} when the licence has no cap
 * @param limit the count past which the licence is cut off; {@code null} without a cap
 * @param state where the month stands against the cap
 */
public record MonthlyTransfers(String month, long records, Long cap, Long limit, CapState state) {

    /** A month against its cap. */
    public enum CapState {
        OK,
        /** The cap is reached: a warning, nothing is disabled yet. */
        WARNING,
        /** The limit (cap plus buffer) was passed: the licence's integrations are disabled until the month ends. */
        CUT_OFF;

        /** As a CSS class name: {@code cut-off}. */
        public String cssClass() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public static MonthlyTransfers of(LicenceMeter meter) {
        boolean capped = meter.cap() != Long.MAX_VALUE;
        return new MonthlyTransfers(meter.month().toString(), meter.records(), capped ? meter.cap() : null, capped ? meter.limit() : null,
                state(meter.cutOff(), meter.warned()));
    }

    public static MonthlyTransfers of(MonthStore.Month month, int bufferPercent) {
        return new MonthlyTransfers(month.month().toString(), month.records(), month.cap(),
                month.cap() == null ? null : LicenceMeter.limit(month.cap(), bufferPercent), state(month.cutOff(), month.warned()));
    }

    private static CapState state(boolean cutOff, boolean warned) {
        return cutOff ? CapState.CUT_OFF : warned ? CapState.WARNING : CapState.OK;
    }
}
