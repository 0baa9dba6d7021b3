/**
 * The one authentication mechanism: HTTP Basic for /api, form login with a session for the page; logout.
 */
package io.tally.license.web.security;
