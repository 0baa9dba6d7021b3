/**
 * This host's identity for licence binding (rule 8): detected FQDNs and IP addresses, or the configured ones; loopback and link-local never count.
 */
package io.tally.license.host;
