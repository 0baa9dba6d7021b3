/**
 * The deployable WAR: Tally's REST interface under /api and the administration page.
 */
package io.tally.license.web;
