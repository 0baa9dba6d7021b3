/**
 * The licensing record (rule 9): an append-only, hash-chained history of every fact that changes what
 * is licensed, written in the transaction that makes the fact true; its chain format ({@link
 * io.tally.license.records.Chain}), verification, paged reads and exports. Imports no other feature but which database it
 * runs on ({@code database}).
 */
package io.tally.license.records;
