/**
 * Request hygiene before anything acts on a request: bodies read within a size and a time, JSON read
 * strictly, cross-site requests refused, the security headers of every answer.
 */
package io.tally.license.web.requests;
