/**
 * Several nodes on one database: the change log that tells every node what another node's committed
 * transaction took back (an integration stopped, disabled or moved, a point released, a licence changed),
 * ordered by an epoch the database owns, and the data grid's signal that a new epoch committed. The
 * signal only makes nodes look sooner; what they apply always comes from the database.
 */
package io.tally.license.cluster;
