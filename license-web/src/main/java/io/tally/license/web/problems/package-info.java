/**
 * Errors as RFC 9457 problem documents with a stable code: one mapper per exception family, a fallback without stack traces, and the container's error pages.
 */
package io.tally.license.web.problems;
