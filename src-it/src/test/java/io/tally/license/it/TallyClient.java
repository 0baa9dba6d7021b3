package io.tally.license.it;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** Talks to a running Tally over HTTP as a platform or administrator would. */
final class TallyClient {

    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "it-admin-secret";

    /** One HTTP answer; {@code json()} parses the body. */
    record Reply(int status, String contentType, String location, String body, java.net.http.HttpHeaders headers) {
        /** The header's value, or null. */
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        JsonObject json() {
            return (JsonObject) structure();
        }

        JsonArray array() {
            return (JsonArray) structure();
        }

        private JsonStructure structure() {
            try (var reader = Json.createReader(new StringReader(body))) {
                return reader.read();
            }
        }

        String code() {
            return json().getString("code");
        }
    }

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1) // the server speaks no h2c (server-config), and the JDK client stalls on a declined upgrade
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;
    private final String authorization;

    TallyClient(URI base, String user, String password) {
        this.base = base;
        this.authorization = user == null ? null
                : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static TallyClient admin(URI base) {
        return new TallyClient(base, ADMIN, ADMIN_PASSWORD);
    }

    static TallyClient platform(URI base) {
        return new TallyClient(base, "platform", "it-platform-secret");
    }

    static TallyClient anonymous(URI base) {
        return new TallyClient(base, null, null);
    }

    Reply delete(String path) {
        return send(request(path).DELETE());
    }

    /** A licence file upload: the body typed as a licence. */
    Reply postRaw(String path, byte[] body) {
        return post(path, "application/x-tally-licence", body);
    }

    /** Any body with any content type (null: none), and extra headers as name, value, name, value. */
    Reply post(String path, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder request = request(path).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    Reply get(String path, String... headers) {
        HttpRequest.Builder request = request(path).GET();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    Reply postJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A browser-style form upload of one file in the field {@code field}. */
    Reply postMultipart(String path, String field, byte[] file) {
        String boundary = "tally-it-boundary-7MA4YWxkTrZu0gW";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"licence.lic\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + file.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(file, 0, body, head.length, file.length);
        System.arraycopy(tail, 0, body, head.length + file.length, tail.length);
        return send(request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        return authorization == null ? request : request.header("Authorization", authorization);
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("Location").orElse(null), response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
