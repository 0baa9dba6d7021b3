package io.tally.license.points;

import io.tally.license.licences.Licence;
import io.tally.license.spi.SystemInstance;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An unordered pair of system instances: {@code Pair.of(a, b).equals(Pair.of(b, a))}. Kept in a
 * canonical order (by type, then key) so that equality and the stored key need no further care.
 */
public record Pair(SystemInstance first, SystemInstance second) {

    public Pair {
        if (first.compareTo(second) > 0) {
            throw new IllegalArgumentException("use Pair.of: the instances are not in canonical order");
        }
    }

    public static Pair of(SystemInstance one, SystemInstance other) {
        return one.compareTo(other) <= 0 ? new Pair(one, other) : new Pair(other, one);
    }

    /** Whether the licence covers this pair's two system types, in either order. */
    public boolean coveredBy(Licence licence) {
        return licence.covers(first.type(), second.type());
    }

    /** The stored key: SHA-256 of the canonical pair; instance keys hold no control characters, so LF separates. */
    public String key() {
        String canonical = first.type() + "\n" + first.key() + "\n" + second.type() + "\n" + second.key();
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String types() {
        return first.type() + "–" + second.type();
    }

    @Override
    public String toString() {
        return "{" + first + ", " + second + "}";
    }
}
