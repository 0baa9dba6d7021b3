package io.tally.license.it;

import io.tally.license.it.TallyClient.Reply;
import io.tally.license.it.bare.BareApplication;
import io.tally.license.it.bare.BareIntegrations;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The REST benchmark ({@code src-it/rest-benchmark.sh}): on one Payara Micro jar, one after another, a
 * bare JAX-RS WAR and Tally started with the README's run command; wrk against both with the same
 * requests; then Tally filled to 100 000 integrations (10 000 pairs) and 1 000 licences and the same
 * wrk runs again. Prints each figure and the ratios (Tally ÷ bare, full ÷ empty).
 * Settings (system properties): {@code bench.seconds} per wrk run (10), {@code bench.threads} (2),
 * {@code bench.connections} (16), {@code bench.boots} per WAR (3), {@code bench.integrations} (100 000),
 * {@code bench.licences} (1 000), {@code bench.database} ({@code h2}, or {@code postgresql} on the server
 * {@code PGPORT} names, with the database and user {@code tally}: the script makes one).
 */
public final class RestBenchmark {

    private static final Path DIR = Path.of(System.getProperty("tally.it.runs")).resolve("bench");
    private static final int SECONDS = Integer.getInteger("bench.seconds", 10);
    private static final int WARM_UP = Integer.getInteger("bench.warmup", 15);
    private static final int THREADS = Integer.getInteger("bench.threads", 2);
    private static final int CONNECTIONS = Integer.getInteger("bench.connections", 16);
    private static final int BOOTS = Integer.getInteger("bench.boots", 3);
    private static final int INTEGRATIONS = Integer.getInteger("bench.integrations", 100_000);
    private static final int LICENCES = Integer.getInteger("bench.licences", 1_000);
    private static final int PER_PAIR = 10;
    private static final String HOST = "bench.example";
    private static final String PLATFORM = "Basic " + Base64.getEncoder().encodeToString("platform:it-platform-secret".getBytes(StandardCharsets.UTF_8));
    /** {@code h2} (the README's run command) or {@code postgresql} (its PostgreSQL command, on the server in {@code PGPORT}). */
    private static final String DATABASE = System.getProperty("bench.database", "h2");
    private static final List<String> TALLY_ON_POSTGRESQL = List.of("-Dtally.db.url=jdbc:postgresql://127.0.0.1:" + System.getenv("PGPORT") + "/tally",
            "-Dtally.db.user=tally", "-Dtally.db.password=tally");
    /** Batches of starts are off by default; the benchmark measures them on, and off side by side (the "1 per tx" row). */
    private static final List<String> TALLY = List.of("-Dtally.starts.batch-max=32", "-Dtally.admin.password=" + TallyClient.ADMIN_PASSWORD,
            "-Dtally.platform.password=it-platform-secret", "-Dtally.host.addresses=" + HOST,
            "-Dtally.licence.trusted-key-files=" + ItVendor.KEYS.resolve("it-vendor.public").toAbsolutePath());

    /** One wrk run's outcome; {@code sent} counts the warm-up's requests too. */
    record Rate(double perSecond, long sent, String latency) {
    }

    private final Map<String, Rate> bare = new LinkedHashMap<>();
    private final Map<String, Rate> empty = new LinkedHashMap<>();
    private final Map<String, Rate> full = new LinkedHashMap<>();
    private int integrations;
    /** The page's first screen with a full first page of licences (25), before the fill. */
    private Rate pageOfLicences;
    /** New-pair starts with {@code tally.starts.batch-max=1}: each in a transaction of its own. */
    private Rate newPairsAlone;
    /** Tally's boot to ready on the database of its first boot (median). */
    private double restart;
    private static final int PAGE_ROWS = 25;

    public static void main(String[] args) throws Exception {
        new RestBenchmark().run();
    }

    private void run() throws Exception {
        deleteTree(DIR);
        Files.createDirectories(DIR);
        Path bareWar = DIR.resolve("bare.war");
        ShrinkWrap.create(WebArchive.class, "bare.war").addClasses(BareApplication.class, BareIntegrations.class)
                .as(ZipExporter.class).exportTo(bareWar.toFile(), true);

        List<Double> bareBoots = new ArrayList<>();
        List<Double> tallyBoots = new ArrayList<>();
        List<Double> tallyRestarts = new ArrayList<>();
        for (int i = 0; i < BOOTS; i++) {
            Path bareDir = DIR.resolve("boot-bare-" + i);
            Path tallyDir = DIR.resolve("boot-tally-" + i);
            bareBoots.add(boot(() -> MicroServer.start(bareDir, bareWar, List.of(), "api/bare/integrations/ready", "UP")));
            tallyBoots.add(boot(() -> tally(tallyDir))); // a new database: every migration runs
            tallyRestarts.add(boot(() -> tally(tallyDir))); // the same database again: what an operator's restart is
        }
        restart = tallyRestarts.isEmpty() ? Double.NaN : median(tallyRestarts);

        try (MicroServer server = MicroServer.start(DIR.resolve("bare"), bareWar, List.of(), "api/bare/integrations/ready", "UP")) {
            URI base = server.base();
            for (int pass = 0; pass < 2; pass++) { // the first pass lets the JIT compile: its figures are overwritten
                bare.put("transfers", wrk(base, transfers("/api/bare/integrations/bench-repeat/transfers")));
                bare.put("repeated start", wrk(base, repeatedStart("/api/bare/integrations/bench-repeat/start")));
                bare.put("new-pair start", wrk(base, newPairs("/api/bare/integrations/", "bare" + pass)));
            }
        }

        // the same new-pair starts with each decided in a transaction of its own (no batches): the batches' gain, side by side
        try (MicroServer server = tally(DIR.resolve("tally-alone"), List.of("-Dtally.starts.batch-max=1"))) {
            URI base = server.base();
            TallyClient admin = TallyClient.admin(base);
            upload(admin, "BENCH-ALONE", "servicenow", "jira", 1_000_000);
            wrk(base, newPairs("/api/integrations/", "alone-warm"));
            newPairsAlone = wrk(base, newPairs("/api/integrations/", "alone"));
            expect(admin.delete("api/licenses/BENCH-ALONE")); // its pairs leave with it: the runs below start as before
        }

        try (MicroServer server = tally(DIR.resolve("tally"))) {
            URI base = server.base();
            TallyClient admin = TallyClient.admin(base);
            TallyClient platform = TallyClient.platform(base);
            upload(admin, "BENCH-MAIN", "servicenow", "jira", 1_000_000);
            expect(platform.postJson("api/integrations/bench-repeat/start", pair("sn-r", "j-r")));
            expect(platform.postJson("api/integrations/cycle-anchor/start", pair("sn-c", "j-c")));
            for (int t = 1; t <= THREADS; t++) {
                for (int k = 0; k < 64; k++) {
                    expect(platform.postJson("api/integrations/cycle-" + t + "-" + k + "/start", pair("sn-c", "j-c")));
                }
            }
            integrations = 2 + THREADS * 64;
            String cookie = login(base);
            measure(base, cookie, new LinkedHashMap<>(), "warm"); // the JIT compiles the paths first: these figures are dropped
            measure(base, cookie, empty, "empty");
            for (int i = 1; i < PAGE_ROWS; i++) { // a full first page of the licence table
                upload(admin, licenceId(i), "system-" + i, "jira", 100);
            }
            pageOfLicences = wrk(base, get("/index.xhtml", "Cookie", cookie));
            fill(admin, platform);
            measure(base, cookie, full, "full");
        }
        print(bareBoots.isEmpty() ? Double.NaN : median(bareBoots), tallyBoots.isEmpty() ? Double.NaN : median(tallyBoots));
    }

    private static MicroServer tally(Path dir) throws IOException, InterruptedException {
        return tally(dir, List.of());
    }

    private static MicroServer tally(Path dir, List<String> settings) throws IOException, InterruptedException {
        if (DATABASE.equals("postgresql")) {
            List<String> properties = new ArrayList<>(TALLY);
            properties.addAll(settings);
            properties.addAll(TALLY_ON_POSTGRESQL);
            return MicroServer.startOnPostgreSql(dir, properties);
        }
        List<String> properties = new ArrayList<>(TALLY);
        properties.addAll(settings);
        return MicroServer.start(dir, properties);
    }

    private void measure(URI base, String cookie, Map<String, Rate> into, String name) throws Exception {
        into.put("transfers", wrk(base, transfers("/api/integrations/bench-repeat/transfers")));
        into.put("repeated start", wrk(base, repeatedStart("/api/integrations/bench-repeat/start")));
        into.put("start and stop", wrk(base, cycle()));
        into.put("first page of integrations", wrk(base, get("/api/integrations?limit=100", "Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + TallyClient.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))));
        into.put("page's first screen", wrk(base, get("/index.xhtml", "Cookie", cookie)));
        System.out.printf(Locale.ROOT, "%s: %d integrations before its new-pair run%n", name, integrations);
        Rate pairs = wrk(base, newPairs("/api/integrations/", name));
        into.put("new-pair start", pairs);
        integrations += (int) pairs.sent();
    }

    /** Tops the installation up to the configured numbers of licences and integrations, 16 requests at a time. */
    private void fill(TallyClient admin, TallyClient platform) throws Exception {
        long began = System.nanoTime();
        for (int i = PAGE_ROWS; i < LICENCES; i++) {
            upload(admin, licenceId(i), "system-" + i, "jira", 100);
        }
        double licenceSeconds = (System.nanoTime() - began) / 1e9;
        int missing = Math.max(0, INTEGRATIONS - integrations);
        AtomicInteger next = new AtomicInteger();
        began = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                done.add(pool.submit(() -> {
                    for (int n = next.getAndIncrement(); n < missing; n = next.getAndIncrement()) {
                        int pair = n / PER_PAIR;
                        expect(platform.postJson("api/integrations/fill-" + n + "/start", pair("sn-f" + pair, "j-f" + pair)));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        integrations += missing;
        System.out.printf(Locale.ROOT, "filled: %d licences in %.1f s, %d integrations in %.1f s (%.0f starts/s); %d integrations in all%n",
                LICENCES - PAGE_ROWS, licenceSeconds, missing, (System.nanoTime() - began) / 1e9, missing / ((System.nanoTime() - began) / 1e9), integrations);
    }

    private static String licenceId(int i) {
        return String.format(Locale.ROOT, "BENCH-%04d", i);
    }

    private static void upload(TallyClient admin, String id, String typeA, String typeB, int points) {
        expect(admin.postRaw("api/licenses", ItVendor.trusted().bytes(ItVendor.licence(id, HOST).points(points)
                .transferredRecordsPerMonth(null).systems(typeA, typeB))));
    }

    private static void expect(Reply reply) {
        if (reply.status() / 100 != 2) {
            throw new IllegalStateException("the benchmark's setup got " + reply.status() + ": " + reply.body());
        }
    }

    private static String pair(String a, String b) {
        return "{\"systemA\": {\"type\": \"servicenow\", \"key\": \"" + a + "\"}, \"systemB\": {\"type\": \"jira\", \"key\": \"" + b + "\"}}";
    }

    /** Logs in on the page as the administrator; the session cookie. */
    private static String login(URI base) throws Exception {
        var http = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        var response = http.send(java.net.http.HttpRequest.newBuilder(base.resolve("login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("username=admin&password=" + TallyClient.ADMIN_PASSWORD + "&next=/"))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        String cookie = response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
                .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';'))).findFirst()
                .orElseThrow(() -> new IllegalStateException("no session after the login: " + response.statusCode()));
        var page = http.send(java.net.http.HttpRequest.newBuilder(base.resolve("index.xhtml")).header("Cookie", cookie).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        if (page.statusCode() != 200 || !page.body().contains("BENCH-MAIN")) {
            throw new IllegalStateException("the page did not open with the session: " + page.statusCode());
        }
        return cookie;
    }

    // ---- wrk ----

    /** Each wrk thread's number in {@code tid}: requests of different threads never name the same integration. */
    private static final String THREAD_NUMBERS = """
            local threads = 0
            function setup(thread)
                threads = threads + 1
                thread:set("tid", threads)
            end
            """;

    private static final String HEADERS = """
            wrk.headers["Content-Type"] = "application/json"
            wrk.headers["Authorization"] = "%s"
            """.formatted(PLATFORM);

    private static String transfers(String path) {
        return HEADERS + """
                wrk.method = "POST"
                wrk.path = "%s"
                wrk.body = '{"records": 1}'
                """.formatted(path);
    }

    private static String repeatedStart(String path) {
        return HEADERS + """
                wrk.method = "POST"
                wrk.path = "%s"
                wrk.body = '%s'
                """.formatted(path, pair("sn-r", "j-r"));
    }

    /** Every request a new pair: ids and keys numbered per wrk run and thread. */
    private static String newPairs(String prefix, String name) {
        return HEADERS + THREAD_NUMBERS + """
                local n = 0
                function init(args)
                    run = args[1]
                end
                function request()
                    n = n + 1
                    local id = "%s-" .. run .. "-" .. tid .. "-" .. n
                    local body = '{"systemA": {"type": "servicenow", "key": "sn-' .. id .. '"}, "systemB": {"type": "jira", "key": "j-' .. id .. '"}}'
                    return wrk.format("POST", "%s" .. id .. "/start", nil, body)
                end
                """.formatted("np-" + name, prefix);
    }

    /**
     * Start and stop of 64 integrations per wrk thread on a pair that keeps its point (an anchor holds it):
     * the requests in flight on a thread name different integrations, each started and stopped in turn.
     */
    private static String cycle() {
        return HEADERS + THREAD_NUMBERS + """
                local n = 0
                function request()
                    local k = n % 64
                    local verb = (math.floor(n / 64) % 2 == 0) and "stop" or "start"
                    n = n + 1
                    local body = '{"systemA": {"type": "servicenow", "key": "sn-c"}, "systemB": {"type": "jira", "key": "j-c"}}'
                    return wrk.format("POST", "/api/integrations/cycle-" .. tid .. "-" .. k .. "/" .. verb, nil, body)
                end
                """;
    }

    private static String get(String path, String header, String value) {
        return """
                wrk.method = "GET"
                wrk.path = "%s"
                wrk.headers["%s"] = "%s"
                """.formatted(path, header, value);
    }

    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in");
    private static final Pattern LATENCY = Pattern.compile("Latency\\s+(\\S+)");
    private static final AtomicInteger SCRIPTS = new AtomicInteger();
    private static final AtomicInteger RUNS = new AtomicInteger();

    /** A warm-up run (its figures dropped: the JIT is still compiling), then the measured one. */
    private static Rate wrk(URI base, String script) throws IOException, InterruptedException {
        Path file = DIR.resolve("script-" + SCRIPTS.incrementAndGet() + ".lua");
        Files.writeString(file, script);
        Rate warmUp = wrk(base, file, WARM_UP);
        Rate measured = wrk(base, file, SECONDS);
        return new Rate(measured.perSecond(), warmUp.sent() + measured.sent(), measured.latency());
    }

    private static Rate wrk(URI base, Path file, int seconds) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("wrk", "-t" + THREADS, "-c" + CONNECTIONS, "-d" + seconds + "s", "-s", file.toString(),
                base.toString().replaceAll("/$", ""), "--", "run" + RUNS.incrementAndGet()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0 || out.contains("Non-2xx") || out.contains("Socket errors")) {
            throw new IllegalStateException("wrk with " + file + " reported failures:\n" + out);
        }
        Matcher rate = RATE.matcher(out);
        Matcher total = TOTAL.matcher(out);
        Matcher latency = LATENCY.matcher(out);
        if (!rate.find() || !total.find() || !latency.find()) {
            throw new IllegalStateException("could not read wrk's output:\n" + out);
        }
        return new Rate(Double.parseDouble(rate.group(1)), Long.parseLong(total.group(1)), latency.group(1));
    }

    // ---- boots and the report ----

    interface Boot {
        MicroServer start() throws Exception;
    }

    private static double boot(Boot boot) throws Exception {
        long began = System.nanoTime();
        try (MicroServer ignored = boot.start()) {
            return (System.nanoTime() - began) / 1e9;
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private void print(double bareBoot, double tallyBoot) {
        System.out.printf(Locale.ROOT, "%nREST benchmark: wrk -t%d -c%d -d%ds after a %d s warm-up, loopback, Tally on %s; %d integrations and %d licences when full%n",
                THREADS, CONNECTIONS, SECONDS, WARM_UP, DATABASE, integrations, LICENCES);
        System.out.printf(Locale.ROOT, "%-28s %10s %10s %10s %10s %10s%n", "req/s (avg latency)", "bare", "Tally", "Tally full", "÷ bare", "full ÷");
        for (String what : empty.keySet()) {
            Rate b = bare.get(what);
            Rate e = empty.get(what);
            Rate f = full.get(what);
            System.out.printf(Locale.ROOT, "%-28s %10s %10s %10s %10s %10s%n", what,
                    b == null ? "-" : String.format(Locale.ROOT, "%.0f", b.perSecond()),
                    String.format(Locale.ROOT, "%.0f", e.perSecond()), String.format(Locale.ROOT, "%.0f", f.perSecond()),
                    b == null ? "-" : String.format(Locale.ROOT, "%.2f", e.perSecond() / b.perSecond()),
                    String.format(Locale.ROOT, "%.2f", f.perSecond() / e.perSecond()));
            System.out.printf(Locale.ROOT, "%-28s %10s %10s %10s%n", "", b == null ? "" : b.latency(), e.latency(), f.latency());
        }
        System.out.printf(Locale.ROOT, "%-28s %10s %10.0f %10s %10s %10.2f%n", "page's first screen, 25 lic.", "-", pageOfLicences.perSecond(),
                "", "-", full.get("page's first screen").perSecond() / pageOfLicences.perSecond());
        System.out.printf(Locale.ROOT, "%-28s %10s %10.0f %10s %10s %10.2f%n", "new-pair start, 1 per tx", "-", newPairsAlone.perSecond(),
                "", "-", empty.get("new-pair start").perSecond() / newPairsAlone.perSecond());
        System.out.printf(Locale.ROOT, "%-28s %10s %10s  (the last column: batched, empty ÷ one per transaction)%n", "", "", newPairsAlone.latency());
        if (BOOTS > 0) {
            System.out.printf(Locale.ROOT, "%-28s %9.1fs %9.1fs %10s %10.2f%n", "boot to ready (median of " + BOOTS + ")",
                    bareBoot, tallyBoot, "", tallyBoot / bareBoot);
            System.out.printf(Locale.ROOT, "%-28s %9.1fs %9.1fs %10s %10.2f%n", "restart to ready (median)",
                    bareBoot, restart, "", restart / bareBoot);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
