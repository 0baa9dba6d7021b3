package io.tally.license.licences;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * What a vendor fills in to issue a licence, with the defaults of the issuing tool: starts now,
 * a subscription, edition {@code standard}, issued now. An unsigned value: the vendor's issuing tool
 * signs what it builds; tests build licences with it too.
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
    private Integer graceDays;

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
    public LicenceRequest systemA(String value) { systemA = value; return this; }
    public LicenceRequest systemB(String value) { systemB = value; return this; }
    public LicenceRequest kind(LicenceKind value) { kind = value; return this; }
    public LicenceRequest edition(String value) { edition = value; return this; }
    public LicenceRequest capabilities(List<String> value) { capabilities = List.copyOf(value); return this; }
    public LicenceRequest issued(Instant value) { issued = value; return this; }
    public LicenceRequest graceDays(Integer value) { graceDays = value; return this; }

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
                issued == null ? seconds : issued, keyId, graceDays);
    }
}
