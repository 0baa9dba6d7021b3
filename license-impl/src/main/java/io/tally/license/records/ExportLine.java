package io.tally.license.records;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * One entry as a line of an export: JSON Lines (one flat object per line) or CSV (RFC 4180, with a
 * header). Every field of the hash is there as stored (the details as a string, not re-encoded), so
 * a verifier needs no JSON library to recompute the hashes: see {@link Chain}.
 */
public final class ExportLine {

    public static final String CSV_HEADER = "seq,at,time,actor,type,licence,details,prev,hash";

    private ExportLine() {
    }

    public static String jsonl(Chain.Entry e) {
        return "{\"seq\":" + e.seq() + ",\"at\":" + e.at() + ",\"time\":\"" + Instant.ofEpochMilli(e.at()) + "\",\"actor\":" + quote(e.actor())
                + ",\"type\":" + quote(e.type()) + ",\"licence\":" + (e.licenceId() == null ? "null" : quote(e.licenceId()))
                + ",\"details\":" + quote(e.details()) + ",\"prev\":\"" + e.prevHash() + "\",\"hash\":\"" + e.hash() + "\"}";
    }

    public static String csv(Chain.Entry e) {
        return e.seq() + "," + e.at() + "," + Instant.ofEpochMilli(e.at()) + "," + csvField(e.actor()) + "," + csvField(e.type()) + ","
                + (e.licenceId() == null ? "" : csvField(e.licenceId())) + "," + csvField(e.details()) + "," + e.prevHash() + "," + e.hash();
    }

    private static String csvField(String value) {
        // a leading = + - @ would be a formula to a spreadsheet: quoted and prefixed, the auditor sees text
        boolean formula = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0;
        if (!formula && value.chars().noneMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')) {
            return value;
        }
        return "\"" + (formula ? "'" : "") + value.replace("\"", "\"\"") + "\"";
    }

    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** Reads a JSON Lines line of an export back into an entry; refuses anything else, saying why. */
    public static Chain.Entry parseJsonl(String line) {
        Map<String, String> fields = new FlatObject(line).read();
        try {
            return new Chain.Entry(Long.parseLong(need(fields, "seq")), Long.parseLong(need(fields, "at")), need(fields, "actor"),
                    need(fields, "type"), fields.get("licence"), need(fields, "details"), need(fields, "prev"), need(fields, "hash"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("seq and at must be whole numbers: " + e.getMessage());
        }
    }

    private static String need(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null) {
            throw new IllegalArgumentException("the line has no '" + name + "'");
        }
        return value;
    }

    /** A flat JSON object of strings, numbers and nulls: all an export line holds. */
    private static final class FlatObject {
        private final String text;
        private int at;

        FlatObject(String text) {
            this.text = text.strip();
        }

        Map<String, String> read() {
            Map<String, String> fields = new HashMap<>();
            expect('{');
            if (peek() == '}') {
                at++;
                return fields;
            }
            do {
                String name = string();
                expect(':');
                String value = value();
                if (fields.containsKey(name)) {
                    throw new IllegalArgumentException("'" + name + "' appears twice");
                }
                fields.put(name, value);
            } while (next() == ',');
            at--;
            expect('}');
            if (at != text.length()) {
                throw new IllegalArgumentException("text after the object");
            }
            return fields;
        }

        private String value() {
            char c = peek();
            if (c == '"') {
                return string();
            }
            int start = at;
            while (at < text.length() && "-0123456789.eE+nul".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
            String token = text.substring(start, at);
            if (token.equals("null")) {
                return null;
            }
            if (!token.matches("-?[0-9]+")) {
                throw new IllegalArgumentException("not a value at character " + start);
            }
            return token;
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                if (at >= text.length()) {
                    throw new IllegalArgumentException("a string does not end");
                }
                char c = text.charAt(at++);
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char escaped = text.charAt(at++);
                switch (escaped) {
                    case '"', '\\', '/' -> out.append(escaped);
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> throw new IllegalArgumentException("unknown escape \\" + escaped);
                }
            }
        }

        private char peek() {
            skipSpace();
            if (at >= text.length()) {
                throw new IllegalArgumentException("the line ends too soon");
            }
            return text.charAt(at);
        }

        private char next() {
            char c = peek();
            at++;
            return c;
        }

        private void expect(char c) {
            if (next() != c) {
                throw new IllegalArgumentException("expected '" + c + "' at character " + (at - 1));
            }
        }

        private void skipSpace() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }
    }
}
