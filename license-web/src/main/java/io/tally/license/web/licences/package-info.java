/**
 * REST: upload, list, read and remove licences, their monthly transfers; the request-size bound.
 */
package io.tally.license.web.licences;
