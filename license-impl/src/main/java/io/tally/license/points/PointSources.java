package io.tally.license.points;

import io.tally.license.licences.Licence;
import java.util.List;
import java.util.Optional;

/**
 * What the points need to know of the licences, provided by the application layer so that this
 * package imports no other feature.
 */
public interface PointSources {

    /** The verified licences bound to this host that cover the pair's types, whatever their dates (from memory). */
    List<Licence> covering(Pair pair);

    /**
     * Locks the licence's row in the caller's transaction and verifies what it holds now: empty when it
     * was removed, no longer verifies, or is bound elsewhere. Points are counted against this licence only.
     */
    Optional<Licence> lockVerified(String licenceId);

    /** Where the licence stands now, for this product build. */
    Licence.Phase phase(Licence licence, java.time.Instant now);

    /** Whether the licence is cut off by its transfer cap this month. */
    boolean cutOff(String licenceId);
}
