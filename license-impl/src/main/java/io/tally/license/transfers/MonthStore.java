package io.tally.license.transfers;

import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

/** Where the months' counts are kept: added to, never overwritten, so that several nodes' shares add up. */
public interface MonthStore {

    /** One licence's month as stored. */
    record Month(YearMonth month, long records, Long cap, boolean warned, boolean cutOff) {
    }

    Optional<Month> load(String licenceId, YearMonth month);

    List<Month> history(String licenceId);

    /**
     * Adds records to the month and raises (never lowers) its warned and cut-off marks; a {@code null} cap keeps the stored one.
     *
     * @return the month as stored after the add: with several nodes, their records too
     */
    Month add(String licenceId, YearMonth month, long records, Long cap, boolean warned, boolean cutOff);

    /**
     * The month is over: adds what was counted since the last flush and marks it closed, once whichever
     * node closes it.
     */
    default void close(String licenceId, YearMonth month, long residue) {
        if (residue != 0) {
            add(licenceId, month, residue, null, false, false);
        }
    }

    /** A renewal raised the cap past the month's count: the cut-off mark goes; the warning stays as told. */
    void liftCutOff(String licenceId, YearMonth month, boolean warned);
}
