package io.tally.license.licences;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The attributes of one licence, as the vendor issued them. Immutable and always valid:
 * the constructor refuses what no issuer may sign (no points, an expiry before the start, ...).
 *
 * @param transferredRecordsPerMonth the monthly cap; {@code null} means unlimited
 * @param graceDays days after the expire instant during which running integrations keep running and
 *                  held pairs keep their points, but no new pair takes one; {@code null} means none
 */
public record Licence(
        String id,
        String company,
        String registeredTo,
        String email,
        int points,
        Long transferredRecordsPerMonth,
        String boundTo,
        Instant start,
        Instant expire,
        String systemA,
        String systemB,
        LicenceKind kind,
        String edition,
        List<String> capabilities,
        Instant issued,
        String keyId,
        Integer graceDays) {

    public static final int MAX_TEXT = 200;
    public static final int MAX_ADDRESSES = 16;
    public static final int MAX_GRACE_DAYS = 90;
    public static final Duration MAX_TRIAL = Duration.ofDays(30);

    /**
     * Where a licence stands at an instant, for a product build:
     * <ul>
     *   <li>{@code VALID}: gives points to new pairs;</li>
     *   <li>{@code GRACE}: past its expiry but within its grace days: held pairs keep their points and
     *       their integrations keep running, no new pair takes a point;</li>
     *   <li>{@code NOT_VALID_FOR_THIS_BUILD}: a perpetual licence whose maintenance ended before this
     *       build was made: nothing new starts, running integrations run until they are next started;</li>
     *   <li>{@code NOT_YET_VALID}, {@code EXPIRED}: nothing.</li>
     * </ul>
     */
    public enum Phase {
        NOT_YET_VALID, VALID, GRACE, EXPIRED, NOT_VALID_FOR_THIS_BUILD;

        /** Whether a new pair may take a point. */
        public boolean givesPoints() {
            return this == VALID;
        }

        /** Whether a pair that holds a point keeps it, and its integrations keep starting. */
        public boolean keepsPoints() {
            return this == VALID || this == GRACE;
        }
    }
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern SYSTEM_TYPE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9.:\\[\\]_-]{1,253}");

    public Licence {
        require(id != null && ID.matcher(id).matches(), "licence id must be 1-64 letters, digits, '.', '_' or '-'");
        company = text("company", company);
        registeredTo = text("registered to", registeredTo);
        email = text("e-mail", email);
        require(EMAIL.matcher(email).matches(), "e-mail must look like name@domain");
        require(points >= 1, "points must be at least 1");
        require(transferredRecordsPerMonth == null || transferredRecordsPerMonth >= 1,
                "transferred records per month must be at least 1 when present");
        require(boundTo != null, "bound-to must name an address");
        List<String> addresses = List.of(boundTo.split(", ", -1));
        require(addresses.size() <= MAX_ADDRESSES, "bound-to names at most " + MAX_ADDRESSES + " addresses");
        require(addresses.stream().allMatch(a -> ADDRESS.matcher(a).matches()),
                "bound-to must be an FQDN or an IP address, or several separated by ', '");
        require(addresses.stream().distinct().count() == addresses.size(), "bound-to names an address twice");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(expire, "expire");
        require(start.isBefore(expire), "start must be before expire");
        require(systemA != null && SYSTEM_TYPE.matcher(systemA).matches(), "system A must be a lower-case system type");
        require(systemB != null && SYSTEM_TYPE.matcher(systemB).matches(), "system B must be a lower-case system type");
        Objects.requireNonNull(kind, "kind");
        edition = text("edition", edition);
        capabilities = List.copyOf(capabilities == null ? List.of() : capabilities);
        for (String capability : capabilities) {
            require(SYSTEM_TYPE.matcher(capability).matches(), "capability '" + capability + "' must be a lower-case word");
        }
        Objects.requireNonNull(issued, "issued");
        require(keyId != null && ID.matcher(keyId).matches(), "key id must be 1-64 letters, digits, '.', '_' or '-'");
        require(graceDays == null || graceDays >= 1 && graceDays <= MAX_GRACE_DAYS, "grace days must be from 1 to " + MAX_GRACE_DAYS);
        require(kind != LicenceKind.TRIAL || Duration.between(start, expire).compareTo(MAX_TRIAL) <= 0,
                "a trial lasts at most " + MAX_TRIAL.toDays() + " days from its start to its expiry");
        require(kind != LicenceKind.PERPETUAL || graceDays == null, "a perpetual licence has no grace: its expiry ends maintenance, not use");
    }

    /**
     * The addresses the licence is bound to: one, or several (the nodes of one installation, a list of
     * allowed names). It fits a host that has any of them.
     */
    public List<String> boundToAddresses() {
        return List.of(boundTo.split(", "));
    }

    public OptionalLong monthlyCap() {
        return transferredRecordsPerMonth == null ? OptionalLong.empty() : OptionalLong.of(transferredRecordsPerMonth);
    }

    /** Whether this licence covers a pair of these two system types, in either order. */
    public boolean covers(String typeOne, String typeTwo) {
        return (systemA.equals(typeOne) && systemB.equals(typeTwo)) || (systemA.equals(typeTwo) && systemB.equals(typeOne));
    }

    /**
     * The phase at {@code now} for a product built at {@code build}. A perpetual licence's expiry is the
     * end of its maintenance: it stays valid forever for builds made before it.
     */
    public Phase phaseAt(Instant now, Instant build) {
        if (now.isBefore(start)) {
            return Phase.NOT_YET_VALID;
        }
        if (kind == LicenceKind.PERPETUAL) {
            return build.isBefore(expire) ? Phase.VALID : Phase.NOT_VALID_FOR_THIS_BUILD;
        }
        if (now.isBefore(expire)) {
            return Phase.VALID;
        }
        return now.isBefore(end()) ? Phase.GRACE : Phase.EXPIRED;
    }

    /** When its pairs lose their points: the expiry plus the grace days; never for a perpetual licence. */
    public Instant end() {
        if (kind == LicenceKind.PERPETUAL) {
            return Instant.MAX;
        }
        return graceDays == null ? expire : expire.plus(Duration.ofDays(graceDays));
    }

    private static String text(String what, String value) {
        require(value != null && !value.isBlank(), what + " must not be empty");
        require(value.length() <= MAX_TEXT, what + " must be at most " + MAX_TEXT + " characters");
        require(value.equals(value.strip()), what + " must not start or end with spaces");
        require(value.codePoints().noneMatch(Character::isISOControl), what + " must not contain control characters");
        value.codePoints().filter(Licence::invisible).findFirst().ifPresent(c -> {
            throw new IllegalArgumentException(what + " must not contain the invisible or direction-changing character U+"
                    + String.format("%04X", c) + ": it could make one name display as another");
        });
        return value;
    }

    /**
     * Characters that change how text around them displays without showing themselves: bidirectional
     * overrides and marks, zero-width characters, byte-order marks, line and paragraph separators.
     */
    public static boolean invisible(int c) {
        int type = Character.getType(c);
        return type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
