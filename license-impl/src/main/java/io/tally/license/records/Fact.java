package io.tally.license.records;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A fact to record: its type, the licence it is about (or none), and the details an auditor asks for. */
public final class Fact {

    /** One factory: {@code Json.createObjectBuilder()} looks its provider up anew on every call (hundreds of µs). */
    private static final jakarta.json.JsonBuilderFactory JSON = Json.createBuilderFactory(Map.of());

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

    /** The details as stored: a JSON object, with the way the fact came in ({@code via}) last. */
    String detailsJson(String via) {
        JsonObjectBuilder json = JSON.createObjectBuilder();
        details.forEach((name, value) -> {
            if (value instanceof Long number) {
                json.add(name, number.longValue());
            } else if (value instanceof List<?> values) {
                json.add(name, JSON.createArrayBuilder(values));
            } else {
                json.add(name, value.toString());
            }
        });
        return json.add("via", via).build().toString();
    }

    /** A detail noted so far, or {@code null}. */
    public Object value(String name) {
        return details.get(name);
    }
}
