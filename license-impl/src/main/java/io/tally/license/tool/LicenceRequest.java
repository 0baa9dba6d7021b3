package io.tally.license.tool;

import io.tally.license.licences.Licence;
import io.tally.license.licences.LicenceKind;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a vendor fills in to issue a licence, with the defaults of the issuing tool: starts now,
 * a subscription, edition {@code standard}, issued now. Used by the command line and by tests.
 */
public final class LicenceRequest {

    private String id;
    private String company;
    private String registeredTo;
    private String email;
    private int points = 1;
    private Long transferredRecords;
    private String boundTo;
    private Instant start;
    private Instant expire;
    private String systemA;
    private String systemB;
    private LicenceKind kind = LicenceKind.SUBSCRIPTION;
    private String edition = "standard";
    private List<String> capabilities = List.of();
    private Instant issued;

    public LicenceRequest id(String value) { id = value; return this; }
    public LicenceRequest company(String value) { company = value; return this; }
    public LicenceRequest registeredTo(String value) { registeredTo = value; return this; }
    public LicenceRequest email(String value) { email = value; return this; }
    public LicenceRequest points(int value) { points = value; return this; }
    public LicenceRequest transferredRecordsPerMonth(Long value) { transferredRecords = value; return this; }
    public LicenceRequest boundTo(String value) { boundTo = value; return this; }
    public LicenceRequest start(Instant value) { start = value; return this; }
    public LicenceRequest expire(Instant value) { expire = value; return this; }
    public LicenceRequest systems(String a, String b) { systemA = a; systemB = b; return this; }
    public LicenceRequest kind(LicenceKind value) { kind = value; return this; }
    public LicenceRequest edition(String value) { edition = value; return this; }
    public LicenceRequest capabilities(List<String> value) { capabilities = List.copyOf(value); return this; }
    public LicenceRequest issued(Instant value) { issued = value; return this; }

    /** A request from command-line options ({@code --company ACME} is {@code company -> ACME}). */
    public static LicenceRequest fromOptions(Map<String, String> options, Instant now) {
        LicenceRequest request = new LicenceRequest();
        for (Map.Entry<String, String> option : options.entrySet()) {
            String value = option.getValue();
            switch (option.getKey()) {
                case "id" -> request.id(value);
                case "company" -> request.company(value);
                case "registered-to" -> request.registeredTo(value);
                case "email" -> request.email(value);
                case "points" -> request.points(Integer.parseInt(value));
                case "transferred-records" -> request.transferredRecordsPerMonth(Long.parseLong(value));
                case "bound-to" -> request.boundTo(value);
                case "start" -> request.start(instant(value, now));
                case "expire" -> request.expire(instant(value, now));
                case "system-a" -> request.systemA = value;
                case "system-b" -> request.systemB = value;
                case "kind" -> request.kind(LicenceKind.valueOf(value.toUpperCase(Locale.ROOT)));
                case "edition" -> request.edition(value);
                case "capabilities" -> request.capabilities(value.isBlank() ? List.of() : List.of(value.split("\\s*,\\s*")));
                case "issued" -> request.issued(instant(value, now));
                default -> throw new IllegalArgumentException("unknown option --" + option.getKey());
            }
        }
        return request;
    }

    /** {@code now}, {@code +30d}, {@code -2h}, a date (midnight UTC) or an ISO-8601 instant. */
    static Instant instant(String text, Instant now) {
        if (text.equals("now")) {
            return now.truncatedTo(ChronoUnit.SECONDS);
        }
        if (text.matches("[+-]\\d+[dhm]")) {
            long amount = Long.parseLong(text.substring(1, text.length() - 1)) * (text.charAt(0) == '-' ? -1 : 1);
            Duration step = switch (text.charAt(text.length() - 1)) {
                case 'd' -> Duration.ofDays(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> Duration.ofMinutes(amount);
            };
            return now.plus(step).truncatedTo(ChronoUnit.SECONDS);
        }
        if (text.matches("\\d{4}-\\d{2}-\\d{2}")) {
            return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return Instant.parse(text);
    }

    public Licence build(String keyId, Instant now) {
        List<String> missing = new ArrayList<>();
        if (id == null) missing.add("--id");
        if (company == null) missing.add("--company");
        if (registeredTo == null) missing.add("--registered-to");
        if (email == null) missing.add("--email");
        if (boundTo == null) missing.add("--bound-to");
        if (expire == null) missing.add("--expire");
        if (systemA == null) missing.add("--system-a");
        if (systemB == null) missing.add("--system-b");
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("missing " + String.join(", ", missing));
        }
        Instant seconds = now.truncatedTo(ChronoUnit.SECONDS);
        return new Licence(id, company, registeredTo, email, points, transferredRecords, boundTo,
                start == null ? seconds : start, expire, systemA, systemB, kind, edition, capabilities,
                issued == null ? seconds : issued, keyId);
    }
}
