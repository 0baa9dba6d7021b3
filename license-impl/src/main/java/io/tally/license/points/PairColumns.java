package io.tally.license.points;

import io.tally.license.spi.SystemInstance;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** A pair's two instances as stored, readable in the database; the owning entity keeps the pair's key. */
@Embeddable
public class PairColumns {

    @Column(name = "first_type", nullable = false)
    private String firstType;

    @Column(name = "first_key", nullable = false)
    private String firstKey;

    @Column(name = "second_type", nullable = false)
    private String secondType;

    @Column(name = "second_key", nullable = false)
    private String secondKey;

    protected PairColumns() {
        // for JPA
    }

    PairColumns(Pair pair) {
        this.firstType = pair.first().type();
        this.firstKey = pair.first().key();
        this.secondType = pair.second().type();
        this.secondKey = pair.second().key();
    }

    Pair pair() {
        return new Pair(new SystemInstance(firstType, firstKey), new SystemInstance(secondType, secondKey));
    }
}
