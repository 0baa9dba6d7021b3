package io.tally.license.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tally.license.it.TallyClient.Reply;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tally as the README runs it, filled over REST to 100 000 integrations on 10 000 pairs and 1 000
 * licences: every list is read a page at a time to its end, the page shows its licences a page at a
 * time, and the points stay exact at that size.
 */
class ScaleIT {

    static final int LICENCES = 1_000;
    static final int PAIRS = 10_000;
    static final int PER_PAIR = 10;
    static final String HOST = "scale.example";

    static MicroServer server;
    static TallyClient admin;
    static TallyClient platform;

    @BeforeAll
    static void fill() throws Exception {
        Path work = RestartIT.RUNS.resolve("scale");
        server = MicroServer.start(work, List.of("-Dtally.admin.password=" + TallyClient.ADMIN_PASSWORD,
                "-Dtally.platform.password=it-platform-secret", "-Dtally.host.addresses=" + HOST,
                "-Dtally.licence.trusted-key-files=" + ItVendor.KEYS.resolve("it-vendor.public").toAbsolutePath()));
        admin = TallyClient.admin(server.base());
        platform = TallyClient.platform(server.base());
        long began = System.nanoTime();
        upload("SCALE-MAIN", "servicenow", "jira", PAIRS);
        for (int i = 1; i < LICENCES; i++) {
            upload(String.format(Locale.ROOT, "SCALE-%04d", i), "system-" + i, "jira", 5);
        }
        long licences = System.nanoTime();
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < 16; c++) {
                done.add(clients.submit(() -> {
                    for (int n = next.getAndIncrement(); n < PAIRS * PER_PAIR; n = next.getAndIncrement()) {
                        int pair = n / PER_PAIR;
                        Reply started = platform.postJson(String.format(Locale.ROOT, "api/integrations/scale-%06d/start", n), pair(pair));
                        assertEquals(200, started.status(), started.body());
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            clients.shutdown();
        }
        long end = System.nanoTime();
        System.out.printf(Locale.ROOT, "ScaleIT: %d licences uploaded in %.1f s; %d integrations started in %.1f s (%.0f a second, 16 clients)%n",
                LICENCES, (licences - began) / 1e9, PAIRS * PER_PAIR, (end - licences) / 1e9, PAIRS * PER_PAIR / ((end - licences) / 1e9));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void everyIntegrationIsListedOnceInIdOrderAPageAtATime() {
        List<String> ids = walk(platform, "api/integrations?limit=1000", "id");
        assertEquals(PAIRS * PER_PAIR, ids.size(), "every integration, once");
        assertEquals(ids.size(), new HashSet<>(ids).size(), "no integration on two pages");
        for (int i = 1; i < ids.size(); i++) {
            assertTrue(ids.get(i - 1).compareTo(ids.get(i)) < 0, "id order at " + i);
        }
        assertEquals(PAIRS * PER_PAIR, walk(platform, "api/integrations?licence=SCALE-MAIN&state=ENABLED&systemType=jira&limit=1000", "id").size(),
                "the filters keep every one of them");
        assertEquals(List.of(), walk(platform, "api/integrations?state=DISABLED&limit=1000", "id"), "none is disabled");

        // one licence's page among 100 000 integrations of another: read from its index, not through all of them
        long began = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            assertEquals(List.of(), walk(platform, "api/integrations?licence=SCALE-0001&limit=100", "id"), "SCALE-0001 gives no pair its point");
        }
        System.out.printf(Locale.ROOT, "ScaleIT: the first page of a licence holding none of the %d integrations: %.1f ms%n",
                PAIRS * PER_PAIR, (System.nanoTime() - began) / 10 / 1e6);
    }

    @Test
    void everyLicenceIsListedOnceAndThePageShowsThemAPageAtATime() throws Exception {
        List<String> ids = walk(admin, "api/licenses?limit=100", "id");
        assertEquals(LICENCES, ids.size());
        assertEquals(LICENCES, new HashSet<>(ids).size());
        assertEquals(ids, walk(admin, "api/licenses?status=VALID&limit=100", "id"), "a filter that keeps every licence pages as none does");
        assertEquals(List.of("SCALE-0007"), walk(admin, "api/licenses?systemType=system-7&limit=100", "id"));
        assertEquals(List.of(), walk(admin, "api/licenses?status=EXPIRED&limit=100", "id"));
        long began = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            Reply first = admin.get("api/licenses?status=VALID&limit=25");
            assertEquals(25, first.array().size(), first.body());
        }
        System.out.printf(Locale.ROOT, "ScaleIT: the first page of 25 of %d licences filtered by status: %.1f ms%n",
                LICENCES, (System.nanoTime() - began) / 10 / 1e6);

        String cookie = login();
        Set<String> seen = new HashSet<>();
        String path = "index.xhtml";
        int pages = 0;
        while (path != null) {
            String page = pageGet(path, cookie);
            List<String> rows = matches(ROW, page);
            assertTrue(rows.size() <= 25 && !rows.isEmpty(), path + " shows " + rows.size() + " rows");
            for (String id : rows) {
                assertTrue(seen.add(id), id + " on two pages");
            }
            Matcher next = NEXT.matcher(page);
            path = next.find() ? next.group(1).replace("&amp;", "&").replaceFirst("^/", "") : null;
            pages++;
        }
        assertEquals(LICENCES, seen.size(), "every licence on some page");
        assertEquals(LICENCES / 25, pages);
    }

    @Test
    void pointsStayExactAtThisSize() {
        JsonObject main = admin.get("api/licenses/SCALE-MAIN").json();
        assertEquals(PAIRS, main.getInt("pointsUsed"), "one point per pair, ten integrations on each");
        Reply refused = platform.postJson("api/integrations/scale-one-more/start", pair(PAIRS));
        assertEquals(403, refused.status(), refused.body());
        assertEquals("no-free-point", refused.code());
        String metrics = admin.get("metrics").body();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("tally_licence_points_used{licence=\"SCALE-MAIN\"") && l.endsWith(" " + PAIRS + ".0")),
                "the gauge: " + metrics.lines().filter(l -> l.contains("SCALE-MAIN") && l.contains("points_used")).toList());
    }

    private static final Pattern ROW = Pattern.compile("class=\"open\">([A-Z0-9-]+)</a>");
    private static final Pattern NEXT = Pattern.compile("href=\"([^\"]*index.xhtml\\?after=[^\"]*)\"[^>]*>Next licences");

    private static List<String> matches(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    /** Follows the {@code Link: rel="next"} headers from the first page to the last; the named field of every item. */
    private static List<String> walk(TallyClient client, String first, String field) {
        List<String> all = new ArrayList<>();
        String path = first;
        while (path != null) {
            Reply page = client.get(path);
            assertEquals(200, page.status(), page.body());
            for (JsonValue item : page.array()) {
                all.add(((JsonObject) item).getString(field));
            }
            String link = page.header("Link");
            path = link == null ? null : link.substring(link.indexOf("api/"), link.indexOf('>'));
        }
        return all;
    }

    private static String pair(int pair) {
        return "{\"systemA\": {\"type\": \"servicenow\", \"key\": \"sn-" + pair + "\"}, \"systemB\": {\"type\": \"jira\", \"key\": \"j-" + pair + "\"}}";
    }

    private static void upload(String id, String typeA, String typeB, int points) {
        Reply created = admin.postRaw("api/licenses", ItVendor.trusted().bytes(ItVendor.licence(id, HOST).points(points).systems(typeA, typeB)));
        assertEquals(201, created.status(), created.body());
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static String login() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(server.base().resolve("login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=admin&password=" + TallyClient.ADMIN_PASSWORD + "&next=/"))
                .build(), HttpResponse.BodyHandlers.ofString());
        String cookie = response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID=")).findFirst().orElse(null);
        assertTrue(cookie != null, "a session after the login: " + response.statusCode());
        return cookie.substring(0, cookie.contains(";") ? cookie.indexOf(';') : cookie.length());
    }

    private static String pageGet(String path, String cookie) throws Exception {
        URI uri = server.base().resolve(path);
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(uri).header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), uri.toString());
        assertNull(page.headers().firstValue("Location").orElse(null));
        return page.body();
    }
}
