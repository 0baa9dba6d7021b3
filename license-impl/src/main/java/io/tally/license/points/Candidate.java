package io.tally.license.points;

import io.tally.license.licences.Licence;

/** A valid licence that covers a pair's types, with the points it has already given. */
public record Candidate(Licence licence, long used) {

    public boolean hasFreePoint() {
        return used < licence.points();
    }

    @Override
    public String toString() {
        return licence.id() + " (" + used + "/" + licence.points() + " points used)";
    }
}
