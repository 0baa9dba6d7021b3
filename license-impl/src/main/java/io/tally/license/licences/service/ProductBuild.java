package io.tally.license.licences.service;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Properties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * When this Tally was built: written by the build into {@code META-INF/tally/build.properties} of the
 * engine's jar (so a platform that embeds Tally in its own WAR keeps it), or set with
 * {@code tally.build.date} by a platform that ships Tally inside its own product and wants its own
 * release date to count. A perpetual licence is valid for builds made before its expiry.
 */
@ApplicationScoped
public class ProductBuild {

    static final String RESOURCE = "/META-INF/tally/build.properties";

    @Inject
    @ConfigProperty(name = "tally.build.date")
    Optional<String> configured;

    private Instant date;

    @PostConstruct
    void init() {
        String text = configured.orElseGet(ProductBuild::written);
        date = parse(text);
    }

    /** A build of a known date, for code that runs Tally's parts outside the container (benchmarks). */
    public static ProductBuild at(Instant date) {
        ProductBuild build = new ProductBuild();
        build.date = date;
        return build;
    }

    public Instant date() {
        return date;
    }

    private static String written() {
        try (InputStream in = ProductBuild.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the engine's jar; set tally.build.date");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("build.date", "");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE, e);
        }
    }

    /** An instant ({@code 2026-11-24T10:00:00Z}) or a date ({@code 2026-11-24}, its start in UTC). */
    static Instant parse(String text) {
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("tally.build.date must be a date (2026-11-24) or an instant (2026-11-24T10:00:00Z), not '" + text + "'");
        }
    }
}
