package io.tally.license.transfers;

/**
 * A licence's transferred records in one month, as shown to people.
 *
 * @param month as {@code 2026-11}
 *
 * @param cap   {@code null} when the licence has no cap
 * @param limit the count past which the licence is cut off; {@code null} without a cap
 * @param state {@code OK}, {@code WARNING} (the cap is reached) or {@code CUT_OFF} (the limit was passed)
 */
public record MonthlyTransfers(String month, long records, Long cap, Long limit, String state) {

    public static MonthlyTransfers of(LicenceMeter meter) {
        boolean capped = meter.cap() != Long.MAX_VALUE;
        return new MonthlyTransfers(meter.month().toString(), meter.records(), capped ? meter.cap() : null, capped ? meter.limit() : null,
                state(meter.cutOff(), meter.warned()));
    }

    public static MonthlyTransfers of(TransferStore.Month month, int bufferPercent) {
        return new MonthlyTransfers(month.month().toString(), month.records(), month.cap(),
                month.cap() == null ? null : LicenceMeter.limit(month.cap(), bufferPercent), state(month.cutOff(), month.warned()));
    }

    private static String state(boolean cutOff, boolean warned) {
        return cutOff ? "CUT_OFF" : warned ? "WARNING" : "OK";
    }
}
