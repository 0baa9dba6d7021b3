/**
 * The Jakarta Faces administration page: one view-scoped backing bean per screen, talking to the services.
 */
package io.tally.license.web.page;
