package io.tally.license.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.function.Supplier;

/** A use case's unit of work in a transaction of its own, so that a lost race can be run again whole. */
@ApplicationScoped
public class Transactions {

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public <T> T inNew(Supplier<T> work) {
        return work.get();
    }
}
