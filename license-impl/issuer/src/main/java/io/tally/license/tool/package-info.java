/**
 * The vendor's issuing tool: key pairs, issuing licences, showing and verifying them. Runs without a container (tally-issuer.jar); the tests issue their licences with it.
 */
package io.tally.license.tool;
