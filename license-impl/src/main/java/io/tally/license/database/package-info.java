/**
 * What Tally's features share about the database under them: which database it is, told once, for the
 * features whose statements or rules differ between the two (the record's append, the months' sharing
 * between nodes, the migrations), and the updates of locked rows a transaction keeps for its last
 * statement ({@link io.tally.license.database.LastWrites}), and how a feature keeps what it gathers during a
 * transaction ({@link io.tally.license.database.TransactionDrafts}). Imports no other feature.
 */
package io.tally.license.database;
