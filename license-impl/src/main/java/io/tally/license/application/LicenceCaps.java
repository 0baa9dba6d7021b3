package io.tally.license.application;

import io.tally.license.licences.Licence;
import io.tally.license.licences.service.LicenceCatalogue;
import io.tally.license.transfers.Caps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The meters' caps, from the verified licences in memory. */
@ApplicationScoped
public class LicenceCaps implements Caps {

    @Inject
    LicenceCatalogue catalogue;

    @Override
    public Long capOf(String licenceId) {
        return catalogue.licence(licenceId).map(Licence::transferredRecordsPerMonth).orElse(null);
    }
}
