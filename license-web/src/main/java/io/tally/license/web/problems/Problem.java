package io.tally.license.web.problems;

import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Response;

/** An RFC 9457 problem document with Tally's stable {@code code} member. */
public final class Problem {

    /** The provider, found once: {@code Json.create…} looks it up anew on every call, which costs more than the parsing. */
    private static final jakarta.json.spi.JsonProvider JSON = jakarta.json.spi.JsonProvider.provider();

    public static final String MEDIA_TYPE = "application/problem+json";

    private Problem() {
    }

    public static Response response(int status, String code, String title, String detail) {
        return Response.status(status).type(MEDIA_TYPE).entity(json(status, code, title, detail)).build();
    }

    public static String json(int status, String code, String title, String detail) {
        JsonObjectBuilder problem = JSON.createObjectBuilder()
                .add("type", "urn:tally:problem:" + code)
                .add("title", title)
                .add("status", status)
                .add("code", code);
        if (detail != null) {
            problem.add("detail", detail);
        }
        return problem.build().toString();
    }
}
