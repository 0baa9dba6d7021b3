package io.tally.license.licences;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The licence file, format version 1: UTF-8 text, one {@code Name: value} line per attribute in
 * the fixed order of {@link Field}, ending with the {@code Signature} line.
 *
 * <pre>
 * Tally-Licence-Format: 1
 * Licence-Id: ACME-2026-001
 * ...
 * Key-Id: tally-2026-a
 * Signature: (base64 of the 64-byte Ed25519 signature)
 * </pre>
 *
 * <p>The signed bytes are exactly the UTF-8 bytes of every line before the {@code Signature} line,
 * each followed by one LF. Lines may end in CRLF in the file (a Windows editor, a paste), which is
 * read as LF; nothing else is normalised. A field out of order, twice, unknown or empty, anything
 * after the signature line, and a signature that is not the canonical base64 of 64 bytes are all
 * refused, so exactly one byte sequence is accepted for each signed licence.
 */
public final class LicenceFormat {

    public static final int VERSION = 1;
    public static final int MAX_BYTES = 64 * 1024;
    static final String MAGIC = "Tally-Licence-Format";
    static final String SIGNATURE = "Signature";
    private static final int SIGNATURE_BYTES = 64;
    private static final Pattern POINTS = Pattern.compile("[1-9][0-9]{0,8}");
    private static final Pattern RECORDS = Pattern.compile("[1-9][0-9]{0,17}");

    /** The attribute lines in the order they must appear; {@code required == false} may be left out. */
    enum Field {
        LICENCE_ID("Licence-Id", true),
        COMPANY("Company", true),
        REGISTERED_TO("Registered-To", true),
        EMAIL("Email", true),
        POINTS("Points", true),
        TRANSFERRED_RECORDS("Transferred-Records-Per-Month", false),
        BOUND_TO("Bound-To", true),
        START("Start", true),
        EXPIRE("Expire", true),
        GRACE_DAYS("Grace-Days", false),
        SYSTEM_A("System-A", true),
        SYSTEM_B("System-B", true),
        KIND("Kind", true),
        EDITION("Edition", true),
        CAPABILITIES("Capabilities", false),
        ISSUED("Issued", true),
        KEY_ID("Key-Id", true);

        final String label;
        final boolean required;

        Field(String label, boolean required) {
            this.label = label;
            this.required = required;
        }

        static Field byLabel(String label) {
            for (Field field : values()) {
                if (field.label.equals(label)) {
                    return field;
                }
            }
            return null;
        }
    }

    /** A licence as read from a file: its attributes, the bytes its signature covers, and the signature. */
    public record SignedLicence(Licence licence, byte[] signedBytes, byte[] signature) {
    }

    private LicenceFormat() {
    }

    /** The exact bytes an issuer signs for this licence. */
    public static byte[] signedBytes(Licence licence) {
        StringBuilder text = new StringBuilder();
        text.append(MAGIC).append(": ").append(VERSION).append('\n');
        for (Map.Entry<Field, String> line : values(licence).entrySet()) {
            text.append(line.getKey().label).append(": ").append(line.getValue()).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The whole licence file, ready to hand to the customer. */
    public static String write(Licence licence, byte[] signature) {
        return new String(signedBytes(licence), StandardCharsets.UTF_8)
                + SIGNATURE + ": " + Base64.getEncoder().encodeToString(signature) + "\n";
    }

    private static Map<Field, String> values(Licence licence) {
        Map<Field, String> values = new EnumMap<>(Field.class);
        values.put(Field.LICENCE_ID, licence.id());
        values.put(Field.COMPANY, licence.company());
        values.put(Field.REGISTERED_TO, licence.registeredTo());
        values.put(Field.EMAIL, licence.email());
        values.put(Field.POINTS, Integer.toString(licence.points()));
        if (licence.transferredRecordsPerMonth() != null) {
            values.put(Field.TRANSFERRED_RECORDS, Long.toString(licence.transferredRecordsPerMonth()));
        }
        values.put(Field.BOUND_TO, licence.boundTo());
        values.put(Field.START, licence.start().toString());
        values.put(Field.EXPIRE, licence.expire().toString());
        if (licence.graceDays() != null) {
            values.put(Field.GRACE_DAYS, Integer.toString(licence.graceDays()));
        }
        values.put(Field.SYSTEM_A, licence.systemA());
        values.put(Field.SYSTEM_B, licence.systemB());
        values.put(Field.KIND, licence.kind().text());
        values.put(Field.EDITION, licence.edition());
        if (!licence.capabilities().isEmpty()) {
            values.put(Field.CAPABILITIES, String.join(", ", licence.capabilities()));
        }
        values.put(Field.ISSUED, licence.issued().toString());
        values.put(Field.KEY_ID, licence.keyId());
        return values;
    }

    /** The licence id a file claims, unverified (to know which rows to lock before it is installed); empty if it is no licence. */
    public static Optional<String> idOf(byte[] file) {
        try {
            return Optional.of(read(file).licence().id());
        } catch (LicenceRefusedException | IllegalArgumentException notALicence) {
            return Optional.empty();
        }
    }

    /** Reads a licence file; refuses anything but exactly one well-formed version 1 licence. */
    public static SignedLicence read(byte[] file) {
        if (file == null || file.length == 0) {
            throw refused(Refusal.EMPTY_FILE, "The file has no content.");
        }
        if (file.length > MAX_BYTES) {
            throw refused(Refusal.TOO_LARGE, "The file has " + file.length + " bytes; a licence file has at most " + MAX_BYTES + ".");
        }
        List<String> lines = lines(text(file));
        readVersion(lines.get(0));

        Map<Field, String> values = new EnumMap<>(Field.class);
        StringBuilder signed = new StringBuilder(lines.get(0)).append('\n');
        Field previous = null;
        int index = 1;
        for (; index < lines.size(); index++) {
            String line = lines.get(index);
            String[] nameAndValue = split(line, index + 1);
            if (nameAndValue[0].equals(SIGNATURE)) {
                break;
            }
            Field field = Field.byLabel(nameAndValue[0]);
            if (field == null) {
                throw refused(Refusal.UNKNOWN_FIELD, "Line " + (index + 1) + ": '" + shorten(nameAndValue[0]) + "' is not a field of format version " + VERSION + ".");
            }
            if (values.containsKey(field)) {
                throw refused(Refusal.DUPLICATE_FIELD, "Line " + (index + 1) + ": the field '" + field.label + "' appears a second time.");
            }
            if (previous != null && field.ordinal() < previous.ordinal()) {
                throw refused(Refusal.MALFORMED, "Line " + (index + 1) + ": '" + field.label + "' must come before '" + previous.label + "'.");
            }
            values.put(field, nameAndValue[1]);
            signed.append(line).append('\n');
            previous = field;
        }
        if (index >= lines.size()) {
            throw refused(Refusal.MALFORMED, "The file has no 'Signature' line.");
        }
        if (index + 1 < lines.size()) {
            throw refused(Refusal.TRAILING_BYTES, "Line " + (index + 2) + " follows the signature line; the signature must be the last line.");
        }
        for (Field field : Field.values()) {
            if (field.required && !values.containsKey(field)) {
                throw refused(Refusal.MALFORMED, "The field '" + field.label + "' is missing.");
            }
        }
        byte[] signature = signature(split(lines.get(index), index + 1)[1]);
        return new SignedLicence(licence(values), signed.toString().getBytes(StandardCharsets.UTF_8), signature);
    }

    private static String text(byte[] file) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(file)).toString();
        } catch (CharacterCodingException e) {
            throw refused(Refusal.NOT_TEXT, "The file is not UTF-8 text; it looks like binary data.");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a byte-order mark from a Windows editor is not part of the licence
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean lineEnd = c == '\n' || (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n');
            if (Character.isISOControl(c) && !lineEnd) {
                throw refused(Refusal.NOT_TEXT, "The file contains the control character U+" + String.format("%04X", (int) c)
                        + " at character " + (i + 1) + "; a licence file is plain text.");
            }
            if (Licence.invisible(c)) {
                throw refused(Refusal.NOT_TEXT, "The file contains the invisible or direction-changing character U+"
                        + String.format("%04X", (int) c) + " at character " + (i + 1) + "; a licence's names must display as what they are.");
            }
        }
        return text;
    }

    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.replace("\r\n", "\n").split("\n", -1)));
        if (lines.size() > 1 && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1); // the final line end
        }
        return lines;
    }

    private static void readVersion(String firstLine) {
        String prefix = MAGIC + ": ";
        if (!firstLine.startsWith(prefix)) {
            throw refused(Refusal.MALFORMED, "This is not a Tally licence file: the first line must be '" + prefix + VERSION + "'.");
        }
        String version = firstLine.substring(prefix.length());
        if (!version.equals(Integer.toString(VERSION))) {
            throw refused(Refusal.UNSUPPORTED_VERSION, "The file has format version '" + shorten(version)
                    + "'; this Tally reads version " + VERSION + ". Ask the vendor for a licence in version " + VERSION + ".");
        }
    }

    private static String[] split(String line, int number) {
        int colon = line.indexOf(": ");
        if (colon <= 0 || colon + 2 >= line.length()) {
            throw refused(Refusal.MALFORMED, "Line " + number + " is not of the form 'Name: value'.");
        }
        String value = line.substring(colon + 2);
        if (!value.equals(value.strip())) {
            throw refused(Refusal.MALFORMED, "Line " + number + ": the value starts or ends with spaces.");
        }
        return new String[] {line.substring(0, colon), value};
    }

    private static byte[] signature(String base64) {
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw refused(Refusal.MALFORMED, "The signature is not base64.");
        }
        // Java's decoder ignores unused low bits of the last character: insist on the one canonical spelling.
        if (signature.length != SIGNATURE_BYTES || !Base64.getEncoder().encodeToString(signature).equals(base64)) {
            throw refused(Refusal.MALFORMED, "The signature is not the base64 of a 64-byte Ed25519 signature.");
        }
        return signature;
    }

    private static Licence licence(Map<Field, String> values) {
        try {
            String cap = values.get(Field.TRANSFERRED_RECORDS);
            String capabilities = values.get(Field.CAPABILITIES);
            String grace = values.get(Field.GRACE_DAYS);
            return new Licence(
                    values.get(Field.LICENCE_ID),
                    values.get(Field.COMPANY),
                    values.get(Field.REGISTERED_TO),
                    values.get(Field.EMAIL),
                    (int) number(Field.POINTS, values.get(Field.POINTS), POINTS),
                    cap == null ? null : number(Field.TRANSFERRED_RECORDS, cap, RECORDS),
                    values.get(Field.BOUND_TO),
                    instant(Field.START, values.get(Field.START)),
                    instant(Field.EXPIRE, values.get(Field.EXPIRE)),
                    values.get(Field.SYSTEM_A),
                    values.get(Field.SYSTEM_B),
                    LicenceKind.fromText(values.get(Field.KIND)),
                    values.get(Field.EDITION),
                    capabilities == null ? List.of() : List.of(capabilities.split(", ", -1)),
                    instant(Field.ISSUED, values.get(Field.ISSUED)),
                    values.get(Field.KEY_ID),
                    grace == null ? null : (int) number(Field.GRACE_DAYS, grace, POINTS));
        } catch (IllegalArgumentException e) {
            throw refused(Refusal.MALFORMED, "Invalid value: " + e.getMessage() + ".");
        }
    }

    private static long number(Field field, String text, Pattern pattern) {
        if (!pattern.matcher(text).matches()) {
            throw new IllegalArgumentException(field.label + " must be a positive whole number, not '" + shorten(text) + "'");
        }
        return Long.parseLong(text);
    }

    private static Instant instant(Field field, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field.label + " must be an ISO-8601 instant such as 2027-01-31T23:00:00Z, not '" + shorten(text) + "'");
        }
    }

    private static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }

    private static LicenceRefusedException refused(Refusal refusal, String detail) {
        return new LicenceRefusedException(refusal, detail);
    }
}
