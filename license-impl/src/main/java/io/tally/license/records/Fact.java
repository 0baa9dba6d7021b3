package io.tally.license.records;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A fact to record: its type, the licence it is about (or none), and the details an auditor asks for. */
public final class Fact {

    static final int MAX_LISTED = 100;
    static final int MAX_TEXT = 1_000;
    static final int MAX_LIST_TEXT = 4_000;

    private final EntryType type;
    private final String licenceId;
    private final Map<String, Object> details = new LinkedHashMap<>();

    private Fact(EntryType type, String licenceId) {
        this.type = type;
        this.licenceId = licenceId;
    }

    public static Fact of(EntryType type, String licenceId) {
        return new Fact(type, licenceId);
    }

    public Fact with(String name, String value) {
        if (value != null) {
            details.put(name, value.length() > MAX_TEXT ? value.substring(0, MAX_TEXT) + "…" : value);
        }
        return this;
    }

    public Fact with(String name, long value) {
        details.put(name, value);
        return this;
    }

    public Fact with(String name, Long value) {
        if (value != null) {
            details.put(name, value);
        }
        return this;
    }

    public Fact with(String name, Instant value) {
        return with(name, value == null ? null : value.toString());
    }

    /**
     * A list, of at most {@value #MAX_LISTED} items and {@value #MAX_LIST_TEXT} characters (the rest are counted in {@code nameCount}): an expiry
     * that disables ten thousand integrations has an entry for each, and its own entry names the first.
     */
    public Fact with(String name, Collection<String> values) {
        List<String> listed = new java.util.ArrayList<>();
        int length = 0;
        for (String value : values) {
            if (listed.size() == MAX_LISTED || length + value.length() > MAX_LIST_TEXT) {
                break;
            }
            listed.add(value);
            length += value.length();
        }
        details.put(name, listed);
        if (listed.size() < values.size()) {
            details.put(name + "Count", (long) values.size());
        }
        return this;
    }

    public EntryType type() {
        return type;
    }

    public String licenceId() {
        return licenceId;
    }

    /**
     * The details as stored: a JSON object, with the way the fact came in ({@code via}) last. Written by
     * hand, character for character what JSON-P writes for the same object (tested against it): a
     * builder and its writer took about 20 µs an entry in the server (4 µs now), on every new pair's start.
     */
    String detailsJson(String via) {
        StringBuilder json = new StringBuilder(32 + 48 * details.size()).append('{');
        details.forEach((name, value) -> {
            if (!name.equals("via")) { // a detail named like the way in is replaced by it, where it stood (as a builder does)
                member(json, name, value);
            } else {
                member(json, name, via);
            }
        });
        if (!details.containsKey("via")) {
            member(json, "via", via);
        }
        return json.append('}').toString();
    }

    private static void member(StringBuilder json, String name, Object value) {
        if (json.length() > 1) {
            json.append(',');
        }
        quoted(json, name).append(':');
        if (value instanceof Long number) {
            json.append(number.longValue());
        } else if (value instanceof List<?> values) {
            json.append('[');
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    json.append(',');
                }
                Object item = values.get(i);
                if (item == null) {
                    json.append("null");
                } else {
                    quoted(json, item.toString());
                }
            }
            json.append(']');
        } else {
            quoted(json, value.toString());
        }
    }

    /**
     * A JSON string: quote, backslash and control characters escaped, everything else as it is. Not
     * {@link ExportLine}'s quoting, which also escapes U+2028 and U+2029 and writes backspace and form
     * feed as six-character escapes: stored details keep the characters JSON-P wrote before this writer.
     */
    private static StringBuilder quoted(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\b' -> json.append("\\b");
                case '\f' -> json.append("\\f");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append("\\u00").append(HEX_DIGITS.charAt(c >> 4)).append(HEX_DIGITS.charAt(c & 0xf));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }

    private static final String HEX_DIGITS = "0123456789abcdef";

    /** A detail noted so far, or {@code null}. */
    public Object value(String name) {
        return details.get(name);
    }
}
