/**
 * Which database Tally runs on, told once, for the features whose statements or rules differ between the
 * two (the record's append, the months' sharing between nodes, the migrations). Imports no other feature.
 */
package io.tally.license.database;
