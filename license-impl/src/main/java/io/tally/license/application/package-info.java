/**
 * The application layer: the use cases (install, renew and remove a licence; license an integration;
 * meter its transfers) and what follows each committed decision. Features report outcomes; this
 * package decides what follows them, in which transaction and on which thread. The web module talks
 * to these classes and to {@link io.tally.license.application.Overview}, never to the features' entities.
 */
package io.tally.license.application;
