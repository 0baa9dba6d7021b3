package io.tally.license.database;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.function.Supplier;

/**
 * What a feature gathers during one transaction and settles at its end (the record's facts, the change log's
 * changes, the updates of locked rows): made at its first use in the transaction and told of the end as an
 * interposed synchronization, whose beforeCompletion runs after every other one.
 */
public final class TransactionDrafts {

    private TransactionDrafts() {
    }

    /**
     * The active transaction's draft under the key, made and registered at the first call in it.
     *
     * @param outside why there must be an active transaction, the message when there is none
     */
    @SuppressWarnings("unchecked")
    public static <D extends Synchronization> D draft(TransactionSynchronizationRegistry transactions, Object key, Supplier<D> made,
                                                      String outside) {
        if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
            throw new IllegalStateException(outside);
        }
        D draft = (D) transactions.getResource(key);
        if (draft == null) {
            draft = made.get();
            transactions.putResource(key, draft);
            transactions.registerInterposedSynchronization(draft);
        }
        return draft;
    }
}
