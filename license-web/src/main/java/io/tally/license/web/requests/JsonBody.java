package io.tally.license.web.requests;

import io.tally.license.web.problems.InvalidRequestException;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * One JSON object, read strictly: a body that two readers could read differently is refused. No
 * duplicate keys (which one would win?), nothing after the object, no second document, UTF-8 only,
 * numbers of at most {@link #MAX_NUMBER_CHARS} characters and nesting of at most {@link #MAX_DEPTH}.
 */
public final class JsonBody {

    /** The provider, found once: {@code Json.create…} looks it up anew on every call, which costs more than the parsing. */
    private static final jakarta.json.spi.JsonProvider JSON = jakarta.json.spi.JsonProvider.provider();

    static final int MAX_NUMBER_CHARS = 32;
    static final int MAX_DEPTH = 8;

    private JsonBody() {
    }

    public static JsonObject parse(byte[] body) {
        String text = utf8(body);
        try (JsonParser parser = JSON.createParser(new StringReader(text))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw new InvalidRequestException("The body must be one JSON object.");
            }
            JsonObject object = object(parser, 1);
            if (parser.hasNext()) {
                throw new InvalidRequestException("The body must be one JSON object with nothing after it.");
            }
            return object;
        } catch (JsonException | IllegalStateException e) {
            throw new InvalidRequestException("The body must be one JSON object with nothing after it: " + firstLine(e.getMessage()));
        }
    }

    private static JsonObject object(JsonParser parser, int depth) {
        JsonObjectBuilder object = JSON.createObjectBuilder();
        Set<String> keys = new HashSet<>();
        for (JsonParser.Event event = parser.next(); event != JsonParser.Event.END_OBJECT; event = parser.next()) {
            String key = parser.getString(); // KEY_NAME: the parser allows nothing else here
            if (!keys.add(key)) {
                throw new InvalidRequestException("The key '" + Shown.of(key) + "' appears twice in one object.");
            }
            object.add(key, value(parser, parser.next(), depth));
        }
        return object.build();
    }

    private static JsonValue value(JsonParser parser, JsonParser.Event event, int depth) {
        return switch (event) {
            case START_OBJECT -> object(parser, deeper(depth));
            case START_ARRAY -> array(parser, deeper(depth));
            case VALUE_STRING -> JSON.createValue(parser.getString());
            case VALUE_NUMBER -> number(parser);
            case VALUE_TRUE -> JsonValue.TRUE;
            case VALUE_FALSE -> JsonValue.FALSE;
            case VALUE_NULL -> JsonValue.NULL;
            default -> throw new InvalidRequestException("Unexpected " + event + " in the body.");
        };
    }

    private static JsonValue array(JsonParser parser, int depth) {
        JsonArrayBuilder array = JSON.createArrayBuilder();
        for (JsonParser.Event event = parser.next(); event != JsonParser.Event.END_ARRAY; event = parser.next()) {
            array.add(value(parser, event, depth));
        }
        return array.build();
    }

    private static JsonValue number(JsonParser parser) {
        String digits = parser.getString();
        if (digits.length() > MAX_NUMBER_CHARS) {
            throw new InvalidRequestException("A number in the body has " + digits.length() + " characters; at most "
                    + MAX_NUMBER_CHARS + " are read.");
        }
        java.math.BigDecimal value = parser.getBigDecimal();
        if (Math.abs(value.scale()) > MAX_NUMBER_CHARS) {
            // 1e999999999 is eleven characters; turned into a whole number it would take the server's memory
            throw new InvalidRequestException("A number in the body has an exponent beyond " + MAX_NUMBER_CHARS + ".");
        }
        return JSON.createValue(value);
    }

    private static int deeper(int depth) {
        if (depth >= MAX_DEPTH) {
            throw new InvalidRequestException("The body nests deeper than " + MAX_DEPTH + " levels.");
        }
        return depth + 1;
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidRequestException("The body is not UTF-8.");
        }
    }

    private static String firstLine(String message) {
        return message == null ? "unreadable" : Shown.of(message);
    }
}
