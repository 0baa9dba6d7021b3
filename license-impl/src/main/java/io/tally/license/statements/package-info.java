/**
 * Signed monthly usage statements: what a licence used in a closed month, signed with the
 * installation's key so that a vendor can trust the numbers without any online component.
 */
package io.tally.license.statements;
