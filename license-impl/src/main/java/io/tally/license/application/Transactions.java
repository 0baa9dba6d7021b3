package io.tally.license.application;

import io.tally.license.records.LicensingRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.function.Supplier;

/**
 * A use case's unit of work in a transaction of its own, so that a lost race can be run again whole.
 * Its last step writes the facts it noted to the licensing record, after every other lock it took.
 */
@ApplicationScoped
public class Transactions {

    @Inject
    LicensingRecord record;

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public <T> T inNew(Supplier<T> work) {
        T result = work.get();
        record.write();
        return result;
    }
}
