package io.tally.license.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * One login: a user name, the SHA-256 of its password, and its roles. A fast hash is enough here: the
 * passwords are either configured secrets or 120-bit random ones Tally generated, not words a person chose.
 */
record Account(String username, String passwordSha256, Set<String> roles) {

    boolean accepts(String username, String password) {
        // both comparisons always run: the time taken does not tell which part was wrong
        boolean nameMatches = MessageDigest.isEqual(this.username.getBytes(StandardCharsets.UTF_8), username.getBytes(StandardCharsets.UTF_8));
        boolean passwordMatches = MessageDigest.isEqual(passwordSha256.getBytes(StandardCharsets.US_ASCII),
                sha256(password).getBytes(StandardCharsets.US_ASCII));
        return nameMatches & passwordMatches;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
