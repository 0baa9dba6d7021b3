package io.tally.license.security;

/** The roles Tally's identity store grants. */
public final class Roles {

    /** Uploads, reads and removes licences; uses the administration page. */
    public static final String ADMINISTRATOR = "tally-admin";

    /** Starts and stops integrations and reports transfers over REST: a platform outside the JVM. */
    public static final String PLATFORM = "tally-platform";

    private Roles() {
    }
}
