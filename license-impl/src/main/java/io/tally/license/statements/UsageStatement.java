package io.tally.license.statements;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A signed monthly usage statement: what one licence used in one month, signed with the installation's
 * key, for a vendor's true-up without any online component. The signed bytes are the UTF-8 of every
 * line before {@code Signature:}, each ending in a newline:
 *
 * <pre>
 * Tally-Usage-Statement: 1
 * Installation-Id: 5d0c…
 * Licence: ACME-2026-001
 * Month: 2026-10
 * Transferred-Records: 81234
 * Cap: 100000            (or none)
 * Max-Points-Used: 2
 * Cut-Off: no
 * Last-Record-Seq: 1812  (the last licensing-record entry of the month)
 * Last-Record-Hash: 9f2c…
 * Created: 2026-11-01T00:00:00.250Z
 * Signature: base64 Ed25519 signature
 * </pre>
 */
public record UsageStatement(String installationId, String licenceId, YearMonth month, long records, Long cap, long maxPointsUsed,
                             boolean cutOff, long lastRecordSeq, String lastRecordHash, Instant created) {

    static final String MAGIC = "Tally-Usage-Statement: 1";
    static final int MAX_BYTES = 4096;
    private static final List<String> FIELDS = List.of("Installation-Id", "Licence", "Month", "Transferred-Records", "Cap",
            "Max-Points-Used", "Cut-Off", "Last-Record-Seq", "Last-Record-Hash", "Created");

    /** The lines that are signed. */
    public String body() {
        return MAGIC + "\n"
                + "Installation-Id: " + installationId + "\n"
                + "Licence: " + licenceId + "\n"
                + "Month: " + month + "\n"
                + "Transferred-Records: " + records + "\n"
                + "Cap: " + (cap == null ? "none" : cap) + "\n"
                + "Max-Points-Used: " + maxPointsUsed + "\n"
                + "Cut-Off: " + (cutOff ? "yes" : "no") + "\n"
                + "Last-Record-Seq: " + lastRecordSeq + "\n"
                + "Last-Record-Hash: " + lastRecordHash + "\n"
                + "Created: " + created + "\n";
    }

    /** The statement file: the body and its signature line. */
    public String signedText(byte[] signature) {
        return body() + "Signature: " + Base64.getEncoder().encodeToString(signature) + "\n";
    }

    /**
     * Checks a statement file against an installation's public key (base64): the statement when the
     * signature holds, an exception saying what is wrong otherwise.
     */
    public static UsageStatement verify(byte[] file, String installationKey) {
        if (file.length > MAX_BYTES) {
            throw new IllegalArgumentException("a usage statement has at most " + MAX_BYTES + " bytes");
        }
        String text = new String(file, StandardCharsets.UTF_8);
        int signatureAt = text.lastIndexOf("Signature: ");
        if (!text.startsWith(MAGIC + "\n") || signatureAt < 0 || (signatureAt > 0 && text.charAt(signatureAt - 1) != '\n')) {
            throw new IllegalArgumentException("not a Tally usage statement: it starts with '" + MAGIC + "' and ends with a Signature line");
        }
        String body = text.substring(0, signatureAt);
        byte[] signature;
        byte[] key;
        try {
            signature = Base64.getDecoder().decode(text.substring(signatureAt + "Signature: ".length()).strip());
            key = Base64.getDecoder().decode(installationKey.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the signature or the installation key is not base64");
        }
        if (key.length != 32 || signature.length != 64) {
            throw new IllegalArgumentException("an Ed25519 key has 32 bytes and a signature 64");
        }
        if (!io.tally.license.licences.Ed25519.verify(key, body.getBytes(StandardCharsets.UTF_8), signature)) {
            throw new IllegalArgumentException("the signature does not match: the statement was changed, or another installation signed it");
        }
        return parse(body);
    }

    private static UsageStatement parse(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        String[] lines = body.split("\n");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(": ");
            if (colon <= 0 || fields.put(lines[i].substring(0, colon), lines[i].substring(colon + 2)) != null) {
                throw new IllegalArgumentException("line " + (i + 1) + " is not a single 'Name: value' line");
            }
        }
        if (!fields.keySet().equals(new java.util.LinkedHashSet<>(FIELDS))) {
            throw new IllegalArgumentException("a statement has exactly the lines " + FIELDS);
        }
        String cap = fields.get("Cap");
        return new UsageStatement(fields.get("Installation-Id"), fields.get("Licence"), YearMonth.parse(fields.get("Month")),
                Long.parseLong(fields.get("Transferred-Records")), cap.equals("none") ? null : Long.valueOf(cap),
                Long.parseLong(fields.get("Max-Points-Used")), fields.get("Cut-Off").equals("yes"), Long.parseLong(fields.get("Last-Record-Seq")),
                fields.get("Last-Record-Hash"), Instant.parse(fields.get("Created")));
    }
}
