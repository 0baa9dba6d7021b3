package io.tally.license.points;

import io.tally.license.licences.Licence;
import io.tally.license.spi.LicenceException;
import io.tally.license.spi.RefusalCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
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
     * @param cutOff     whether a licence id is cut off by its transfer cap this month
     */
    public static LicenceException refusal(Pair pair, List<Candidate> candidates, List<Licence> covering, Instant now,
                                           Predicate<String> cutOff) {
        String start = "Integration on " + pair.types() + " pair " + pair + " refused: ";
        if (!candidates.isEmpty()) {
            return new LicenceException(RefusalCode.NO_FREE_POINT, start + "no free point on "
                    + candidates.stream().map(Candidate::toString).collect(Collectors.joining(", ")) + ".");
        }
        List<Licence> capped = covering.stream().filter(l -> l.isValidAt(now) && cutOff.test(l.id())).toList();
        if (!capped.isEmpty()) {
            return new LicenceException(RefusalCode.TRANSFER_CAP_EXCEEDED, start + "this month's transferred records passed the cap plus buffer of "
                    + capped.stream().map(Licence::id).collect(Collectors.joining(", ")) + "; starts are allowed again next month.");
        }
        if (!covering.isEmpty()) {
            return new LicenceException(RefusalCode.LICENCE_NOT_VALID, start + "no licence for " + pair.types() + " is valid now: "
                    + covering.stream().map(l -> l.id() + " (" + (now.isBefore(l.start()) ? "starts " + l.start() : "expired " + l.expire()) + ")")
                    .collect(Collectors.joining(", ")) + ".");
        }
        return new LicenceException(RefusalCode.NO_LICENCE, start + "no installed licence covers " + pair.types() + ".");
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
