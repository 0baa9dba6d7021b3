package io.tally.license.licences.service;

import io.tally.license.licences.Licence;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;

/**
 * The verified licences bound to this host, in memory, for the one question on the hot path: does
 * this licence allow anything now? Reloaded from the database at start and, by the application layer,
 * after every committed change.
 */
@ApplicationScoped
public class LicenceCatalogue {

    @Inject
    LicenceService licences;

    @Inject
    ProductBuild build;

    private volatile Map<String, Licence> byId = Map.of();
    private volatile Map<String, Licence> pendingById = Map.of();
    private final java.util.concurrent.atomic.AtomicLong version = new java.util.concurrent.atomic.AtomicLong();

    /** Grows with every change to what the catalogue holds: views built from the licences know when they are out of date. */
    public long version() {
        return version.get();
    }

    /** Whether an integration holding a point of this licence may start again now (valid, or in grace). */
    public boolean usable(String licenceId, Instant now) {
        Licence licence = byId.get(licenceId);
        return licence != null && licence.phaseAt(now, build.date()).keepsPoints();
    }

    public Licence.Phase phase(Licence licence, Instant now) {
        return licence.phaseAt(now, build.date());
    }

    /** The verified, host-bound licence with this id, whatever its dates. */
    public Optional<Licence> licence(String licenceId) {
        return Optional.ofNullable(byId.get(licenceId));
    }

    /** Every verified, host-bound licence, whatever its dates. */
    public Collection<Licence> all() {
        return byId.values();
    }

    /** Every licence that covers both types, whatever its dates. */
    public List<Licence> covering(String typeA, String typeB) {
        return byId.values().stream().filter(licence -> licence.covers(typeA, typeB)).toList();
    }

    /**
     * Reads the committed licences again. Serialised, so that of two reloads after two commits the
     * later one always reads (and leaves) the newer state; the read takes no row locks.
     */
    public synchronized void reload() {
        List<InstalledLicence> installed = licences.list();
        replace(installed.stream().filter(InstalledLicence::boundHere).map(InstalledLicence::licence).toList());
        Map<String, Licence> pending = new HashMap<>();
        installed.stream().filter(l -> l.pending() != null).forEach(l -> pending.put(l.id(), l.pending()));
        pendingById = Map.copyOf(pending);
        version.incrementAndGet();
    }

    /** Renewals waiting for their start, by licence id. */
    public Collection<Licence> pending() {
        return pendingById.values();
    }

    /** For code that runs the catalogue outside the container (benchmarks): the build its phases are for. */
    public void builtAt(ProductBuild build) {
        this.build = build;
    }

    /** Makes these verified, host-bound licences the ones the hot path knows. */
    public void replace(Collection<Licence> verified) {
        Map<String, Licence> fresh = new HashMap<>();
        verified.forEach(licence -> fresh.put(licence.id(), licence));
        byId = Map.copyOf(fresh);
        version.incrementAndGet();
    }
}
