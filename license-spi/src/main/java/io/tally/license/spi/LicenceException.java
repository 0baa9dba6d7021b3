package io.tally.license.spi;

/**
 * Tally refused to let an integration run. {@link #code()} is stable ({@code no-licence},
 * {@code no-free-point}, {@code licence-not-valid}, {@code unknown-system-type},
 * {@code transfer-cap-exceeded}, {@code integration-not-enabled}); the message is for
 * people and names the system types, the instance pair and each candidate licence with its points.
 */
public class LicenceException extends RuntimeException {

    private final String code;

    public LicenceException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
