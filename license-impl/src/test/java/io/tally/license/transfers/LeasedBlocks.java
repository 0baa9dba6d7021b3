package io.tally.license.transfers;

import java.time.YearMonth;

/** Meters of a node that shares its database with others, holding a block of the allowance as a settlement would leave it. */
public final class LeasedBlocks {

    private LeasedBlocks() {
    }

    /** A capped meter of a shared store whose node holds {@code block} records of the allowance. */
    public static LicenceMeter inABlock(String licenceId, long cap, long block) {
        LicenceMeter meter = new LicenceMeter(licenceId, cap, 10, YearMonth.now(), 0, false, false, true);
        meter.freeze(0);
        meter.granted(0, block, false);
        return meter;
    }
}
