package io.tally.license.application;

import io.tally.license.cluster.ChangeLog;
import io.tally.license.records.LicensingRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.function.Supplier;

/**
 * A use case's unit of work in a transaction of its own, so that a lost race can be run again whole.
 * Its last steps log what it took back for the other nodes, then write the facts it noted to the
 * licensing record: after every other lock it took, in that order.
 */
@ApplicationScoped
public class Transactions {

    @Inject
    LicensingRecord record;

    @Inject
    ChangeLog changes;

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public <T> T inNew(Supplier<T> work) {
        T result = work.get();
        changes.write();
        record.write();
        return result;
    }
}
