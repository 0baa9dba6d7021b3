/** The licensing record over HTTP: {@code /api/records}, its verification and its export. */
package io.tally.license.web.records;
