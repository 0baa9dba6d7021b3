package io.tally.license.platform;

import io.tally.license.database.DatabaseKind;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.logging.Logger;
import jakarta.annotation.Resource;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Tally's database ({@code jdbc/tally}, defined by server-config): brings its schema up to date with
 * the Flyway migrations in {@code db/migration} (and, on PostgreSQL, {@code db/postgresql}) and tells whether the schema is migrated.
 */
@ApplicationScoped
public class Database {

    private static final Logger LOG = Logger.getLogger(Database.class.getName());

    static final String JNDI_NAME = "jdbc/tally";

    @Resource(lookup = JNDI_NAME)
    DataSource dataSource;

    private volatile boolean migrated;

    void migrate() {
        if (dataSource == null) {
            throw new IllegalStateException("The data source " + JNDI_NAME + " is not defined; start Payara Micro with a "
                    + "command file from server-config (--postbootcommandfile server-config/h2.asadmin).");
        }
        var result = Flyway.configure(Database.class.getClassLoader())
                .dataSource(dataSource)
                .locations(onPostgreSql() ? new String[] {"classpath:db/migration", "classpath:db/postgresql"} : new String[] {"classpath:db/migration"})
                .load()
                .migrate();
        migrated = true;
        LOG.info("Database schema at version " + result.targetSchemaVersion + " (" + result.migrationsExecuted + " migrations applied now)");
    }

    /** PostgreSQL gets checks of its own that H2 cannot express (db/postgresql). */
    private boolean onPostgreSql() {
        try (Connection connection = dataSource.getConnection()) {
            return DatabaseKind.of(connection) == DatabaseKind.POSTGRESQL;
        } catch (SQLException e) {
            throw new IllegalStateException("The database " + JNDI_NAME + " does not answer: " + e.getMessage(), e);
        }
    }

    public boolean migrated() {
        return migrated;
    }
}
