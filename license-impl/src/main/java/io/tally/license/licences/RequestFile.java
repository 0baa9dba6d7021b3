package io.tally.license.licences;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The licence request a customer sends the vendor: what the vendor needs to issue or renew a licence
 * for this installation, in the licence's own {@code Name: value} style. Signed by nobody: it asks,
 * it grants nothing.
 *
 * <pre>
 * Tally-Licence-Request: 1
 * Installation-Id: 5d0c…
 * Installation-Key: MCowBQ… (the Ed25519 public key that signs its usage statements, base64)
 * Addresses: tally.acme.example, 10.0.0.5
 * Product-Build: 2026-11-24T10:00:00Z
 * Created: 2026-11-24T12:00:00Z
 * Licence: ACME-2026-001; points 2/3; records this month 1234
 * </pre>
 */
public record RequestFile(String installationId, String installationKey, List<String> addresses, Instant productBuild, Instant created, List<String> licences) {

    static final String MAGIC = "Tally-Licence-Request";
    static final int VERSION = 1;
    static final int MAX_BYTES = 64 * 1024;

    public RequestFile {
        addresses = List.copyOf(addresses);
        licences = List.copyOf(licences);
    }

    /** One line of an installed licence: its id, points used of its points, this month's records. */
    public static String licenceLine(String id, long pointsUsed, int points, long records) {
        return id + "; points " + pointsUsed + "/" + points + "; records this month " + records;
    }

    public String text() {
        StringBuilder text = new StringBuilder();
        text.append(MAGIC).append(": ").append(VERSION).append('\n');
        text.append("Installation-Id: ").append(installationId).append('\n');
        if (installationKey != null) {
            text.append("Installation-Key: ").append(installationKey).append('\n');
        }
        text.append("Addresses: ").append(String.join(", ", addresses)).append('\n');
        text.append("Product-Build: ").append(productBuild).append('\n');
        text.append("Created: ").append(created).append('\n');
        licences.forEach(licence -> text.append("Licence: ").append(licence).append('\n'));
        return text.toString();
    }

    /** Reads a request file (on the vendor's side); refuses anything else with a message that says why. */
    public static RequestFile read(byte[] file) {
        if (file.length > MAX_BYTES) {
            throw new IllegalArgumentException("a licence request has at most " + MAX_BYTES + " bytes");
        }
        String text = new String(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
        String[] lines = text.split("\n");
        if (lines.length == 0 || !lines[0].equals(MAGIC + ": " + VERSION)) {
            throw new IllegalArgumentException("not a Tally licence request: the first line must be '" + MAGIC + ": " + VERSION + "'");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        List<String> licences = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(": ");
            if (colon <= 0) {
                throw new IllegalArgumentException("line " + (i + 1) + " is not of the form 'Name: value'");
            }
            String name = lines[i].substring(0, colon);
            String value = lines[i].substring(colon + 2);
            if (name.equals("Licence")) {
                licences.add(value);
            } else if (fields.put(name, value) != null) {
                throw new IllegalArgumentException("'" + name + "' appears twice");
            }
        }
        for (String required : List.of("Installation-Id", "Addresses", "Product-Build", "Created")) {
            if (!fields.containsKey(required)) {
                throw new IllegalArgumentException("the request has no '" + required + "' line");
            }
        }
        return new RequestFile(fields.get("Installation-Id"), fields.get("Installation-Key"), List.of(fields.get("Addresses").split(", ")),
                Instant.parse(fields.get("Product-Build")), Instant.parse(fields.get("Created")), licences);
    }
}
