package io.tally.license.points;

import io.tally.license.licences.Licence;
import io.tally.license.spi.LicenceException;
import io.tally.license.spi.RefusalCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** The allocation rules as plain functions: which licence gives a point, and what a renewal keeps. */
public final class PointRules {

    /**
     * Among several licences with a free point, the one expiring last gives it (ties: the lower licence
     * id), so points from licences that end soon stay free and expiry disables as little as possible.
     */
    static final Comparator<Licence> CHOICE = Comparator.comparing(Licence::expire).reversed().thenComparing(Licence::id);

    private PointRules() {
    }

    public static Optional<Licence> choose(List<Candidate> candidates) {
        return candidates.stream().filter(Candidate::hasFreePoint).map(Candidate::licence).min(CHOICE);
    }

    /**
     * Why a new pair gets no point, naming the types, the pair and every licence that covers the types.
     *
     * @param candidates the valid licences covering the pair's types, with their points used
     * @param covering   every installed licence covering the types, valid or not
     * @param phase      where each licence stands now
     * @param cutOff     whether a licence id is cut off by its transfer cap this month
     */
    public static LicenceException refusal(Pair pair, List<Candidate> candidates, List<Licence> covering,
                                           Function<Licence, Licence.Phase> phase, Predicate<String> cutOff) {
        String start = "Integration on " + pair.types() + " pair " + pair + " refused: ";
        if (!candidates.isEmpty()) {
            return new LicenceException(RefusalCode.NO_FREE_POINT, start + "no free point on "
                    + candidates.stream().map(Candidate::toString).collect(Collectors.joining(", ")) + ".");
        }
        List<Licence> capped = covering.stream().filter(l -> phase.apply(l).givesPoints() && cutOff.test(l.id())).toList();
        if (!capped.isEmpty()) {
            return new LicenceException(RefusalCode.TRANSFER_CAP_EXCEEDED, start + "this month's transferred records passed the cap plus buffer of "
                    + capped.stream().map(Licence::id).collect(Collectors.joining(", ")) + "; starts are allowed again next month.");
        }
        if (!covering.isEmpty()) {
            boolean allForOlderBuilds = covering.stream().allMatch(l -> phase.apply(l) == Licence.Phase.NOT_VALID_FOR_THIS_BUILD);
            return new LicenceException(allForOlderBuilds ? RefusalCode.NOT_VALID_FOR_THIS_BUILD : RefusalCode.LICENCE_NOT_VALID,
                    start + "no licence for " + pair.types() + " gives points now: "
                    + covering.stream().map(l -> l.id() + " (" + describe(l, phase.apply(l)) + ")").collect(Collectors.joining(", ")) + ".");
        }
        return new LicenceException(RefusalCode.NO_LICENCE, start + "no installed licence covers " + pair.types() + ".");
    }

    private static String describe(Licence licence, Licence.Phase phase) {
        return switch (phase) {
            case NOT_YET_VALID -> "starts " + licence.start();
            case GRACE -> "expired " + licence.expire() + ", in grace until " + licence.end() + ": no new pairs";
            case NOT_VALID_FOR_THIS_BUILD -> "perpetual, maintenance ended " + licence.expire() + ", before this build";
            case VALID -> "valid";
            case EXPIRED -> "expired " + licence.expire();
        };
    }

    /**
     * The allocations a renewal takes away (rule 7): every pair whose types the new licence no longer covers,
     * and beyond its points the most recently taken ones (the longest-held pairs keep their point).
     *
     * @param allocations the licence's allocations, oldest first
     */
    public static List<Allocation> releasedByRenewal(List<Allocation> allocations, Licence renewed) {
        List<Allocation> released = new ArrayList<>();
        int kept = 0;
        for (Allocation allocation : allocations) {
            if (allocation.pair().coveredBy(renewed) && kept < renewed.points()) {
                kept++;
            } else {
                released.add(allocation);
            }
        }
        return released;
    }

    /** A pair's point as the rules see it. */
    public record Allocation(Pair pair, String licenceId, Instant takenAt) {
    }
}
