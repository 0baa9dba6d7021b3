/**
 * REST for platforms outside the JVM: start, stop and transfer reports of integrations, with the platform role.
 */
package io.tally.license.web.integrations;
