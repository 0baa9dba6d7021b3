package io.tally.license.spi;

import java.util.regex.Pattern;

/**
 * One installation of a system type, named by its connector with a stable key (its normalised base
 * URL, say): {@code new SystemInstance("jira", "https://jira-2.acme.example")}.
 *
 * @param type a lower-case system type: letters, digits, {@code . _ -}, at most 64 characters
 * @param key  the instance's stable key: 1 to 255 characters, no control characters
 */
public record SystemInstance(String type, String key) implements Comparable<SystemInstance> {

    private static final Pattern TYPE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    public SystemInstance {
        if (type == null || !TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("system type must be 1-64 lower-case letters, digits, '.', '_' or '-', not '" + type + "'");
        }
        if (key == null || key.isEmpty() || key.length() > 255 || key.codePoints().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("instance key of a " + type + " must be 1-255 characters without control characters");
        }
    }

    @Override
    public int compareTo(SystemInstance other) {
        int byType = type.compareTo(other.type);
        return byType != 0 ? byType : key.compareTo(other.key);
    }

    @Override
    public String toString() {
        return type + "#" + key;
    }
}
