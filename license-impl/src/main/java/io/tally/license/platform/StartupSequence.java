package io.tally.license.platform;

import io.tally.license.licences.service.LicenceCatalogue;
import io.tally.license.points.PointService;
import io.tally.license.security.AccountStore;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/**
 * What runs once when Tally is deployed, in order; a failure here fails the deployment. A startup
 * EJB rather than a CDI observer: JPA and java:comp/env are ready only by the time it runs.
 */
@Singleton
@Startup
public class StartupSequence {

    @Inject
    Database database;

    @Inject
    AccountStore accounts;

    @Inject
    LicenceCatalogue catalogue;

    @Inject
    PointService points;

    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // Flyway manages its own transactions
    void start() {
        database.migrate();
        accounts.prepare();
        catalogue.reload();
        points.load();
    }
}
