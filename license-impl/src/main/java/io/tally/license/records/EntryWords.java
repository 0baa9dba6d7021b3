package io.tally.license.records;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.stream.Collectors;

/** An entry in words, for the page and the API: "Licence ACME-1 uploaded by admin: 2 points, ...". */
public final class EntryWords {

    /** One factory: {@code Json.createReader} looks its provider up anew on every call. */
    private static final jakarta.json.JsonReaderFactory READERS = Json.createReaderFactory(java.util.Map.of());

    private EntryWords() {
    }

    public static JsonObject details(Chain.Entry entry) {
        try (JsonReader reader = READERS.createReader(new StringReader(entry.details()))) {
            return reader.readObject();
        } catch (RuntimeException altered) {
            return JsonValue.EMPTY_JSON_OBJECT; // an altered row: verification names it
        }
    }

    public static String describe(Chain.Entry entry) {
        JsonObject d = details(entry);
        String licence = "Licence " + entry.licenceId();
        String by = " by " + entry.actor();
        java.util.Optional<EntryType> type = EntryType.ofCode(entry.type());
        if (type.isEmpty()) {
            return entry.type(); // an altered row: verification names it
        }
        return switch (type.get()) {
            case LICENCE_UPLOADED -> licence + " uploaded" + by + ": " + terms(d);
            case UPLOAD_REFUSED -> "A licence file was refused" + (has(d, "claimedId") ? " (it names " + text(d, "claimedId") + ")" : "") + by
                    + ": " + text(d, "refusal") + ", SHA-256 " + text(d, "sha256");
            case LICENCE_RENEWED -> licence + " renewed" + by + ": " + text(d, "oldPoints") + " → " + text(d, "points") + " points, "
                    + cap(d, "oldCap") + " → " + cap(d, "cap") + ", until " + date(d, "expire");
            case RENEWAL_PENDING -> "A renewal of " + entry.licenceId() + " uploaded" + by + " waits for its start, " + date(d, "start") + ": " + terms(d);
            case RENEWAL_TOOK_OVER -> "The renewal of " + entry.licenceId() + " took over at its start: " + terms(d);
            case LICENCE_REMOVED -> licence + " removed" + by + ": " + text(d, "pairsMoved") + " pairs moved, "
                    + count(d, "integrationsDisabled") + " integrations disabled";
            case VALIDITY_STARTED -> licence + " became valid (" + date(d, "start") + ")";
            case GRACE_BEGUN -> licence + " expired at " + date(d, "expire") + " and is in its " + text(d, "graceDays") + " days of grace";
            case LICENCE_EXPIRED -> licence + " expired: " + text(d, "pairsMoved") + " pairs moved, " + count(d, "integrationsDisabled") + " integrations disabled";
            case GRACE_ENDED -> licence + "'s grace ended: " + text(d, "pairsMoved") + " pairs moved, " + count(d, "integrationsDisabled") + " integrations disabled";
            case EXPIRY_WARNING -> licence + " expires in " + text(d, "daysLeft") + " days (" + date(d, "expire") + ")";
            case CAPACITY_ALERT -> licence + " uses " + text(d, "used") + " of its " + text(d, "total") + " " + text(d, "of") + " (alert at "
                    + text(d, "percent") + " %)";
            case POINT_TAKEN -> licence + " gave a point to " + text(d, "pair") + " (integration " + text(d, "integration") + ")" + by
                    + "; " + text(d, "pointsUsed") + " in use";
            case POINT_RELEASED -> licence + " got back the point of " + text(d, "pair") + "; " + text(d, "pointsUsed") + " in use";
            case POINT_MOVED -> "The point of " + text(d, "pair") + " moved from " + text(d, "from") + " to " + entry.licenceId() + " (" + text(d, "cause") + ")";
            case INTEGRATION_DISABLED -> "Integration " + text(d, "integration") + " disabled (" + text(d, "reason") + ")";
            case CAP_WARNING -> licence + " reached its cap: " + text(d, "records") + " of " + text(d, "cap") + " records in " + text(d, "month");
            case CUT_OFF -> licence + " passed its cap plus buffer: " + text(d, "records") + " records in " + text(d, "month") + "; integrations disabled";
            case CUT_OFF_LIFTED -> licence + "'s cut-off for " + text(d, "month") + " was lifted by a higher cap";
            case MONTH_CLOSED -> licence + " closed " + text(d, "month") + " with " + text(d, "records") + " records";
            case MONTH_STARTED -> licence + " started " + text(d, "month") + " at 0 records";
            case CLOCK_BEHIND -> "The clock read " + text(d, "clock") + ", behind the latest time seen, " + text(d, "latestSeen");
            case CLOCK_RIGHT -> "The clock is right again (" + text(d, "clock") + ")";
            case LOGIN -> entry.actor() + " logged in from " + text(d, "address");
            case LOGIN_FAILED -> text(d, "count") + " failed login" + ("1".equals(text(d, "count")) ? "" : "s") + " as " + entry.actor()
                    + " from " + list(d, "addresses");
        };
    }

    private static String terms(JsonObject d) {
        return text(d, "points") + " points, " + cap(d, "cap") + ", " + text(d, "kind").toLowerCase(java.util.Locale.ROOT)
                + ", until " + date(d, "expire");
    }

    private static String cap(JsonObject d, String name) {
        return has(d, name) ? text(d, name) + " records/month" : "no cap";
    }

    private static String date(JsonObject d, String name) {
        String value = text(d, name);
        return value.length() >= 10 ? value.substring(0, 10) : value;
    }

    private static boolean has(JsonObject d, String name) {
        return d.containsKey(name) && d.get(name).getValueType() != JsonValue.ValueType.NULL;
    }

    /** A detail of an entry as text: a string as it is, anything else as JSON, a missing one as "?". */
    public static String text(JsonObject d, String name) {
        JsonValue value = d.get(name);
        return value == null ? "?" : value instanceof JsonString text ? text.getString() : value.toString();
    }

    private static int count(JsonObject d, String name) {
        JsonValue value = d.get(name);
        return value != null && value.getValueType() == JsonValue.ValueType.ARRAY ? value.asJsonArray().size() : 0;
    }

    private static String list(JsonObject d, String name) {
        JsonValue value = d.get(name);
        return value != null && value.getValueType() == JsonValue.ValueType.ARRAY
                ? value.asJsonArray().stream().map(v -> v instanceof JsonString t ? t.getString() : v.toString()).collect(Collectors.joining(", "))
                : "?";
    }
}
