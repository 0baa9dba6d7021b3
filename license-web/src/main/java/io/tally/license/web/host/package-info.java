/**
 * REST: this host's addresses, for requesting a licence.
 */
package io.tally.license.web.host;
