package io.tally.license.points;

import java.util.regex.Pattern;

/** The platform's integration ids: 1 to 128 letters, digits, {@code . _ : -} (safe in paths, logs and keys). */
public final class IntegrationIds {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    public static final String RULE = "an integration id is 1-128 letters, digits, '.', '_', ':' or '-'";

    private IntegrationIds() {
    }

    public static boolean isValid(String integrationId) {
        return integrationId != null && VALID.matcher(integrationId).matches();
    }

    public static void require(String integrationId) {
        if (!isValid(integrationId)) {
            throw new IllegalArgumentException(RULE);
        }
    }
}
