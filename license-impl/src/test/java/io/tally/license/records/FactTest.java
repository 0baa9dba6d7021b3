package io.tally.license.records;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A fact's details are stored as the JSON that JSON-P would write for them, character for character. */
class FactTest {

    /** Every character a detail can hold, the surrogates' halves included, in one text. */
    private static String everyCharacter() {
        StringBuilder text = new StringBuilder(0x10000);
        for (int c = 0; c <= 0xFFFF; c++) {
            text.append((char) c);
        }
        return text.toString();
    }

    /** What JSON-P writes for the same details, in the same order, with the way in last or where a detail named "via" stood. */
    private static String jsonP(List<Object[]> details, String via) {
        JsonObjectBuilder json = Json.createBuilderFactory(Map.of()).createObjectBuilder();
        for (Object[] detail : details) {
            String name = (String) detail[0];
            Object value = detail[1];
            if (value instanceof Long number) {
                json.add(name, number.longValue());
            } else if (value instanceof List<?> values) {
                JsonArrayBuilder array = Json.createArrayBuilder();
                values.forEach(item -> array.add((String) item));
                json.add(name, array);
            } else {
                json.add(name, (String) value);
            }
        }
        return json.add("via", via).build().toString();
    }

    @Test
    void textWithEveryCharacterIsWrittenAsJsonPWritesIt() {
        String all = everyCharacter();
        for (int from = 0; from < all.length(); from += Fact.MAX_TEXT) { // a detail keeps at most MAX_TEXT characters
            String text = all.substring(from, Math.min(all.length(), from + Fact.MAX_TEXT));
            Fact fact = Fact.of(EntryType.LOGIN, null).with("name \" \\ \n" + text.charAt(0), text);
            assertEquals(jsonP(List.<Object[]>of(new Object[] {"name \" \\ \n" + text.charAt(0), text}), "rest"), fact.detailsJson("rest"));
        }
    }

    @Test
    void numbersListsAndTheWayInAreWrittenAsJsonPWritesThem() {
        List<String> names = new ArrayList<>(List.of("jira#1", "servicenow \"2\"", "tab\there", "\u0001\u001f\u007f", "é – 😀", ""));
        Fact fact = Fact.of(EntryType.POINT_TAKEN, "ACME-1").with("points", 2L).with("min", Long.MIN_VALUE).with("max", Long.MAX_VALUE)
                .with("none", List.of()).with("integrations", names).with("until", java.time.Instant.parse("2027-11-23T00:00:00Z"));
        List<Object[]> expected = Arrays.asList(new Object[] {"points", 2L}, new Object[] {"min", Long.MIN_VALUE},
                new Object[] {"max", Long.MAX_VALUE}, new Object[] {"none", List.of()}, new Object[] {"integrations", names},
                new Object[] {"until", "2027-11-23T00:00:00Z"});
        assertEquals(jsonP(expected, "page \"x\""), fact.detailsJson("page \"x\""));
        assertEquals("{\"points\":2,\"min\":-9223372036854775808,\"max\":9223372036854775807,\"none\":[],\"integrations\":[\"jira#1\","
                + "\"servicenow \\\"2\\\"\",\"tab\\there\",\"\\u0001\\u001f\u007f\",\"é – 😀\",\"\"],\"until\":\"2027-11-23T00:00:00Z\",\"via\":\"page \\\"x\\\"\"}",
                fact.detailsJson("page \"x\""));
    }

    @Test
    void aDetailNamedLikeTheWayInIsTheWayInWhereItStood() {
        Fact fact = Fact.of(EntryType.LOGIN, null).with("via", "forged").with("address", "192.0.2.1");
        assertEquals(jsonP(List.<Object[]>of(new Object[] {"via", "forged"}, new Object[] {"address", "192.0.2.1"}), "rest"), fact.detailsJson("rest"));
        assertEquals("{\"via\":\"rest\",\"address\":\"192.0.2.1\"}", fact.detailsJson("rest"));
    }

    @Test
    void aLongListKeepsItsFirstItemsAndCountsTheRest() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < Fact.MAX_LISTED + 5; i++) {
            many.add("integration-" + i);
        }
        Fact fact = Fact.of(EntryType.LICENCE_REMOVED, "ACME-1").with("disabled", many);
        assertEquals(jsonP(List.<Object[]>of(new Object[] {"disabled", many.subList(0, Fact.MAX_LISTED)},
                new Object[] {"disabledCount", (long) many.size()}), "rest"), fact.detailsJson("rest"));
    }
}
