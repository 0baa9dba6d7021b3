package io.tally.license.records;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reads entries in chain order a page at a time, each page in a transaction of its own: a walk over
 * millions of entries never holds them in memory. Exports, verification and statements walk this way.
 */
@ApplicationScoped
public class RecordWalk {

    static final int PAGE = 2_000;

    @Inject
    LicensingRecord record;

    /** Gives the visitor the entries matching the query after entry {@code after} up to entry {@code upTo}, until it answers false. */
    public void inOrder(RecordQuery query, long after, long upTo, Predicate<Chain.Entry> visitor) {
        long last = after;
        if (query.from() != null) { // the walk starts at the first entry as late as the range, not at the chain's start
            Long first = record.firstFrom(query.from());
            if (first == null) {
                return;
            }
            last = Math.max(last, first - 1);
        }
        while (last < upTo) {
            List<Chain.Entry> page = record.inOrder(query, last, PAGE);
            for (Chain.Entry entry : page) {
                if (entry.seq() > upTo || !visitor.test(entry)) {
                    return;
                }
            }
            if (page.size() < PAGE) {
                return;
            }
            last = page.get(page.size() - 1).seq();
        }
    }
}
