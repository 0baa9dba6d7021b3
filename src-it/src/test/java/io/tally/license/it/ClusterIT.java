package io.tally.license.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tally.license.it.TallyClient.Reply;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Several Tally nodes on one PostgreSQL, each started with the README's PostgreSQL command: three joined
 * in one data grid on loopback ({@code --clustermode tcpip}), and a fourth outside it ({@code --nocluster}),
 * which hears of no change and must learn every one from the database's change log. Points are exact
 * whichever nodes the starts go to; what one node takes back, no other node allows from its memory.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the node killed last
class ClusterIT {

    static final String HOST = "cluster.example";
    static final int GRID_NODES = 3;

    static final List<MicroServer> nodes = new ArrayList<>();
    static final List<TallyClient> admins = new ArrayList<>();
    static final List<TallyClient> platforms = new ArrayList<>();
    static MicroServer deaf;
    static TallyClient deafPlatform;
    static final AtomicInteger ids = new AtomicInteger();
    /** Ids and system types of this run: a database kept from another run holds none of them. */
    static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);

    /** A database of its own: the other classes on PostgreSQL check their own record and points, not this one's. */
    static final String DATABASE = "tally_cluster_" + RUN;

    @BeforeAll
    static void startNodes() throws Exception {
        Process create = new ProcessBuilder("psql", "-d", "postgres", "-c", "CREATE DATABASE " + DATABASE + " OWNER tally")
                .redirectErrorStream(true).start();
        String created = new String(create.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, create.waitFor(), created);
        List<String> properties = properties();
        List<Integer> gridPorts = new ArrayList<>();
        for (int i = 0; i < GRID_NODES; i++) {
            gridPorts.add(MicroServer.freePort());
        }
        String members = String.join(",", gridPorts.stream().map(port -> "127.0.0.1:" + port).toList());
        // the first node alone migrates the empty database; the others boot together after it
        nodes.add(MicroServer.startNodeOnPostgreSql(RestartIT.RUNS.resolve("cluster-1"), properties,
                List.of("--clustermode", "tcpip:" + members, "--interfaces", "127.0.0.1", "--startport", gridPorts.get(0).toString())));
        ExecutorService boots = Executors.newFixedThreadPool(GRID_NODES);
        try {
            List<Future<MicroServer>> booting = new ArrayList<>();
            for (int i = 1; i < GRID_NODES; i++) {
                int node = i;
                booting.add(boots.submit(() -> MicroServer.startNodeOnPostgreSql(RestartIT.RUNS.resolve("cluster-" + (node + 1)), properties,
                        List.of("--clustermode", "tcpip:" + members, "--interfaces", "127.0.0.1", "--startport", gridPorts.get(node).toString()))));
            }
            Future<MicroServer> outside = boots.submit(() -> MicroServer.startNodeOnPostgreSql(RestartIT.RUNS.resolve("cluster-deaf"), properties,
                    List.of()));
            for (Future<MicroServer> node : booting) {
                nodes.add(node.get());
            }
            deaf = outside.get();
        } finally {
            boots.shutdown();
        }
        for (MicroServer node : nodes) {
            admins.add(TallyClient.admin(node.base()));
            platforms.add(TallyClient.platform(node.base()));
        }
        deafPlatform = TallyClient.platform(deaf.base());
        java.util.regex.Pattern grid = java.util.regex.Pattern.compile("\"dataGridMembers\"\\s*:\\s*\"?" + GRID_NODES + "\\b");
        Await.until(() -> nodes.stream().allMatch(node -> grid.matcher(TallyClient.anonymous(node.base()).get("health/ready").body()).find()),
                "the three nodes form one data grid");
    }

    private static List<String> properties() {
        return List.of("-Dtally.admin.password=" + TallyClient.ADMIN_PASSWORD,
                "-Dtally.platform.password=it-platform-secret", "-Dtally.host.addresses=" + HOST,
                "-Dtally.licence.trusted-key-files=" + ItVendor.KEYS.resolve("it-vendor.public").toAbsolutePath(),
                "-Dtally.db.url=jdbc:postgresql://127.0.0.1:" + System.getenv("PGPORT") + "/" + DATABASE,
                "-Dtally.db.user=tally", "-Dtally.db.password=tally");
    }

    /** After every test, however many nodes wrote to it, the licensing record is one intact chain. */
    @org.junit.jupiter.api.AfterEach
    void theRecordIsOneIntactChain() {
        TallyClient admin = admins.get(0).get("health/ready").status() == 200 ? admins.get(0) : admins.get(1);
        Reply verified = admin.get("api/records/verify");
        assertEquals(200, verified.status(), verified.body());
        if (!verified.json().getBoolean("intact")) {
            String around;
            try {
                long broken = verified.json().getJsonNumber("brokenAt").longValue();
                around = psql("SELECT seq, entry_type, actor, recorded_at, licence_id FROM licensing_record WHERE seq BETWEEN "
                        + (broken - 3) + " AND " + (broken + 2) + " ORDER BY seq") + " / head " + psql("SELECT last_seq FROM record_head");
            } catch (Exception e) {
                around = e.toString();
            }
            throw new AssertionError("the record's chain after the test: " + verified.body() + "; entries around it: " + around);
        }
    }

    @AfterAll
    static void stopNodes() throws Exception {
        for (MicroServer node : nodes) {
            node.close();
        }
        if (deaf != null) {
            deaf.close();
        }
    }

    @Test
    @Order(1)
    void aLicenceRemovedOnOneNodeStartsNothingFromMemoryOnAnyOther() {
        String licence = upload(0, "cl-rm-a-" + RUN, "cl-rm-b-" + RUN, 2);
        String integration = "cl-remove-" + RUN;
        String pair = pair("cl-rm-a-" + RUN, "sn-1", "cl-rm-b-" + RUN, "j-1");
        assertEquals(200, platforms.get(1).postJson("api/integrations/" + integration + "/start", pair).status());
        for (TallyClient node : List.of(platforms.get(1), platforms.get(2), deafPlatform)) {
            for (int i = 0; i < 3; i++) { // the first decided in the database, the others from this node's memory
                Reply again = node.postJson("api/integrations/" + integration + "/start", pair);
                assertEquals(200, again.status(), again.body());
            }
        }

        long removed = System.nanoTime();
        assertEquals(204, admins.get(0).delete("api/licenses/" + licence).status());

        Map<String, Long> refusedAfter = new HashMap<>();
        List<TallyClient> others = List.of(platforms.get(1), platforms.get(2), deafPlatform);
        List<String> names = List.of("node 2", "node 3", "the node outside the data grid");
        for (int i = 0; i < others.size(); i++) {
            TallyClient node = others.get(i);
            Await.until(() -> node.postJson("api/integrations/" + integration + "/start", pair).status() == 403,
                    names.get(i) + " refuses the start once the licence is gone");
            refusedAfter.put(names.get(i), (System.nanoTime() - removed) / 1_000_000);
            assertEquals("DISABLED", node.get("api/integrations/" + integration).json().getString("state"));
        }
        System.out.println("ClusterIT: a removal on node 1 refused starts from memory after (ms, including the requests) " + refusedAfter);
    }

    @Test
    @Order(2)
    void fiftyStartsSpreadOverThreeNodesTakeExactlyThePointsEveryRound() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(50);
        try {
            for (int round = 0; round < 6; round++) {
                String typeA = "cl-race-" + round + "-" + RUN;
                String licence = upload(round % GRID_NODES, typeA, "cl-race-b-" + RUN, 3);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Integer>> starts = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    TallyClient node = platforms.get(i % GRID_NODES);
                    String body = pair(typeA, "sn-" + i, "cl-race-b-" + RUN, "j-" + i);
                    String id = "cl-race-" + RUN + "-" + round + "-" + i;
                    starts.add(clients.submit(() -> {
                        go.await();
                        return node.postJson("api/integrations/" + id + "/start", body).status();
                    }));
                }
                go.countDown();
                int granted = 0;
                for (Future<Integer> start : starts) {
                    int status = start.get();
                    assertTrue(status == 200 || status == 403, "a start is granted or refused, not " + status);
                    granted += status == 200 ? 1 : 0;
                }
                assertEquals(3, granted, "round " + round + ": exactly the licence's points, whichever nodes decided");
                for (TallyClient admin : admins) {
                    assertEquals(3, admin.get("api/licenses/" + licence).json().getInt("pointsUsed"), "every node counts the same points");
                }
                assertEquals(204, admins.get((round + 1) % GRID_NODES).delete("api/licenses/" + licence).status());
            }
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    @Order(3)
    void aRemovalOnOneNodeWhileTheOthersStartAndStopLeavesNothingEnabledOrHeld() throws Exception {
        String licence = upload(0, "cl-mix-a-" + RUN, "cl-mix-b-" + RUN, 20);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger granted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<?>> work = new ArrayList<>();
        try {
            for (int c = 0; c < 8; c++) {
                TallyClient node = c % 3 == 0 ? deafPlatform : platforms.get(1 + c % 2);
                int client = c;
                work.add(clients.submit(() -> {
                    for (int n = 0; running.get(); n++) {
                        String id = "cl-mix-" + RUN + "-" + client + "-" + (n % 10);
                        String body = pair("cl-mix-a-" + RUN, "sn-" + (n % 30), "cl-mix-b-" + RUN, "j-" + client);
                        if (n % 3 == 2) {
                            node.post("api/integrations/" + id + "/stop", "application/json", new byte[0]);
                        } else if (node.postJson("api/integrations/" + id + "/start", body).status() == 200) {
                            granted.incrementAndGet();
                        } else {
                            refused.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            // twice the licence's points: points were taken, given back by stops and taken again. Every start on
            // one licence queues for its row lock, so on a busy machine the count grows slowly (about 17 requests a second, 7 of them granted, in 2026-11)
            Await.until(() -> granted.get() > 40 && refused.get() > 0, "starts are granted and refused on the other nodes");
            System.out.println("ClusterIT: before the removal, " + granted + " starts granted and " + refused + " refused");
            assertEquals(204, admins.get(0).delete("api/licenses/" + licence).status());
            refused.set(0);
            Await.until(() -> refused.get() > 50, "the starts after the removal are refused");
            running.set(false);
            for (Future<?> w : work) {
                w.get();
            }
        } finally {
            clients.shutdownNow();
        }
        for (TallyClient node : List.of(platforms.get(0), platforms.get(1), platforms.get(2), deafPlatform)) {
            Await.until(() -> enabledOf(node, "cl-mix-a-" + RUN).isEmpty(), "no integration of the removed licence stays enabled");
            for (int c = 0; c < 8; c++) {
                Reply again = node.postJson("api/integrations/cl-mix-" + RUN + "-" + c + "-0/start", pair("cl-mix-a-" + RUN, "sn-0", "cl-mix-b-" + RUN, "j-" + c));
                assertEquals(403, again.status(), "no start from memory after the removal: " + again.body());
            }
        }
        assertEquals(0, pointsHeld("cl-mix-a-" + RUN), "no point held for a removed licence's pairs");
    }

    @Test
    @Order(4)
    void reportsFromSixteenClientsOnEachNodeStopAtTheOneThatPassesTheLimitOfTheWholeClusterRoundAfterRound() throws Exception {
        long cap = 20_000;
        long limit = 22_000; // the default buffer of 10 %
        for (int round = 1; round <= 2; round++) {
            String typeA = "cl-cap-a" + round + "-" + RUN;
            String typeB = "cl-cap-b" + round + "-" + RUN;
            String licence = upload(0, typeA, typeB, 3, cap);
            List<String> reporting = new ArrayList<>();
            for (int i = 0; i < GRID_NODES; i++) {
                String id = "cl-cap-" + round + "-" + RUN + "-" + i;
                assertEquals(200, platforms.get(i).postJson("api/integrations/" + id + "/start", pair(typeA, "sn-" + i, typeB, "j-" + i)).status());
                reporting.add(id);
            }
            java.util.concurrent.atomic.AtomicLong accepted = new java.util.concurrent.atomic.AtomicLong();
            List<String> passing = java.util.Collections.synchronizedList(new ArrayList<>());
            int clientCount = 16 * GRID_NODES;
            ExecutorService clients = Executors.newFixedThreadPool(clientCount);
            List<Future<String>> work = new ArrayList<>();
            try {
                for (int c = 0; c < clientCount; c++) {
                    int n = c % GRID_NODES;
                    TallyClient node = platforms.get(n);
                    String id = reporting.get(n);
                    work.add(clients.submit(() -> {
                        while (true) {
                            Reply report = node.postJson("api/integrations/" + id + "/transfers", "{\"records\": 1}");
                            if (report.status() != 200) {
                                return report.status() + " " + report.code();
                            }
                            accepted.incrementAndGet();
                            if (report.body().contains("CUT_OFF")) {
                                passing.add("node " + (n + 1));
                            }
                        }
                    }));
                }
                for (Future<String> client : work) {
                    String refusal = client.get(5, java.util.concurrent.TimeUnit.MINUTES);
                    assertTrue(refusal.equals("403 transfer-cap-exceeded") || refusal.equals("403 integration-not-enabled"),
                            "reports end refused by the cap: " + refusal);
                }
            } finally {
                clients.shutdownNow();
            }
            Await.until(() -> storedRecords(licence) == accepted.get(), "every accepted record is stored");
            System.out.printf(Locale.ROOT, "ClusterIT: round %d, cap %d, limit %d, reports of one record from 16 clients on each of %d nodes: "
                    + "%d accepted, %d past the limit; passed on %s%n", round, cap, limit, GRID_NODES, accepted.get(), accepted.get() - limit, passing);
            assertEquals(limit + 1, accepted.get(), "round " + round + ": the cluster accepts every record up to the limit and the one that passes it");
            assertEquals("1", psql("SELECT COUNT(*) FROM licensing_record WHERE entry_type = 'cut-off' AND licence_id = '" + licence + "'"),
                    "one cut-off in the record, however many nodes saw the limit passed");
            for (int i = 0; i < GRID_NODES; i++) {
                Reply after = platforms.get(i).postJson("api/integrations/" + reporting.get(i) + "/transfers", "{\"records\": 1}");
                assertEquals(403, after.status(), "node " + (i + 1) + " refuses reports after the cut-off: " + after.body());
            }
        }
    }

    @Test
    @Order(5)
    void theDatabaseAwayForTwentySecondsUnderLoadLosesNoRecordAndEveryNodeComesBack() throws Exception {
        String licence = upload(0, "cl-db-a-" + RUN, "cl-db-b-" + RUN, 10);
        List<String> running = new ArrayList<>();
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < GRID_NODES; i++) {
            String id = "cl-db-" + RUN + "-" + i;
            pairs.add(pair("cl-db-a-" + RUN, "sn-" + i, "cl-db-b-" + RUN, "j-" + i));
            Reply started = platforms.get(i).postJson("api/integrations/" + id + "/start", pairs.get(i));
            assertEquals(200, started.status(), "node " + (i + 1) + ": " + started.body());
            running.add(id);
        }
        AtomicBoolean reporting = new AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicLong accepted = new java.util.concurrent.atomic.AtomicLong();
        List<String> refusedReports = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService clients = Executors.newFixedThreadPool(GRID_NODES);
        List<Future<?>> work = new ArrayList<>();
        for (int i = 0; i < GRID_NODES; i++) {
            TallyClient node = platforms.get(i);
            String id = running.get(i);
            work.add(clients.submit(() -> {
                while (reporting.get()) {
                    Reply report = node.postJson("api/integrations/" + id + "/transfers", "{\"records\": 1}");
                    if (report.status() == 200) {
                        accepted.incrementAndGet();
                    } else {
                        refusedReports.add(report.status() + " " + report.body());
                    }
                }
                return null;
            }));
        }
        try {
            Await.until(() -> accepted.get() > 300, "reports are counted");
            postgresql("stop");
            long down = System.nanoTime();
            Map<String, Long> notReadyAfter = new java.util.TreeMap<>();
            for (int i = 0; i < GRID_NODES; i++) {
                TallyClient node = TallyClient.anonymous(nodes.get(i).base());
                Await.until(() -> node.get("health/ready").status() == 503, "node " + (i + 1) + " is not ready while the database is away");
                notReadyAfter.put("node " + (i + 1), (System.nanoTime() - down) / 1_000_000);
                Reply newPair = platforms.get(i).postJson("api/integrations/cl-db-new-" + RUN + "-" + i + "/start",
                        pair("cl-db-a-" + RUN, "sn-new-" + i, "cl-db-b-" + RUN, "j-new"));
                assertEquals(503, newPair.status(), newPair.body());
                assertEquals("database-unavailable", newPair.code());
                String id = running.get(i);
                String body = pairs.get(i);
                TallyClient platform = platforms.get(i);
                Await.until(() -> platform.postJson("api/integrations/" + id + "/start", body).status() == 503,
                        "a repeated start is no longer answered from memory once it is older than tally.cluster.stale-after-ms");
            }
            long countedWhileAway = accepted.get();
            Await.until(() -> System.nanoTime() - down > 20_000_000_000L, "twenty seconds without the database", java.time.Duration.ofSeconds(40));
            assertTrue(accepted.get() > countedWhileAway, "reports of enabled integrations are counted while the database is away");
            postgresql("start");
            long up = System.nanoTime();
            for (int i = 0; i < GRID_NODES; i++) {
                TallyClient node = TallyClient.anonymous(nodes.get(i).base());
                Await.until(() -> node.get("health/ready").status() == 200, "node " + (i + 1) + " is ready again by itself", java.time.Duration.ofSeconds(60));
            }
            System.out.println("ClusterIT: with the database away, not ready after (ms) " + notReadyAfter + "; every node ready again "
                    + (System.nanoTime() - up) / 1_000_000 + " ms after it came back");
        } finally {
            reporting.set(false);
            for (Future<?> w : work) {
                w.get();
            }
            clients.shutdownNow();
        }
        assertEquals(List.of(), refusedReports, "no report of an enabled integration was refused");
        Await.until(() -> storedRecords(licence) == accepted.get(), "every accepted record is stored once the database is back");
        for (int i = 0; i < GRID_NODES; i++) {
            Reply newPair = platforms.get(i).postJson("api/integrations/cl-db-after-" + RUN + "-" + i + "/start",
                    pair("cl-db-a-" + RUN, "sn-after-" + i, "cl-db-b-" + RUN, "j-after"));
            assertEquals(200, newPair.status(), "node " + (i + 1) + " decides starts again: " + newPair.body());
        }
    }

    /** Stops or starts pg_virtualenv's throwaway cluster (named regress). */
    private static void postgresql(String action) throws Exception {
        Process list = new ProcessBuilder("pg_lsclusters", "--no-header").redirectErrorStream(true).start();
        String clusters = new String(list.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, list.waitFor(), clusters);
        String version = clusters.lines().filter(line -> line.split("\\s+").length > 1 && line.split("\\s+")[1].equals("regress"))
                .map(line -> line.split("\\s+")[0]).findFirst().orElseThrow(() -> new AssertionError("no regress cluster in " + clusters));
        List<String> command = new ArrayList<>(List.of("pg_ctlcluster", version, "regress", action));
        if (action.equals("stop")) {
            command.addAll(List.of("-m", "fast"));
        }
        Process control = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(control.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, control.waitFor(), String.join(" ", command) + ": " + out);
    }

    private static long storedRecords(String licence) {
        try {
            String sum = psql("SELECT COALESCE(SUM(records), 0) FROM transfer_month WHERE licence_id = '" + licence + "'");
            return Long.parseLong(sum);
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    @Order(6)
    void aNodeKilledWhileStartingAndReportingLeaksNoPointTheOthersKeepServingAndItsBlockReturns() throws Exception {
        String licence = upload(0, "cl-kill-a-" + RUN, "cl-kill-b-" + RUN, 40);
        long limit = 22_000; // cap 20 000 and the default buffer: the kill comes while every node reports
        String capped = upload(0, "cl-killcap-a-" + RUN, "cl-killcap-b-" + RUN, 3, 20_000L);
        List<String> reporting = new ArrayList<>();
        for (int i = 0; i < GRID_NODES; i++) {
            String id = "cl-killcap-" + RUN + "-" + i;
            assertEquals(200, platforms.get(i).postJson("api/integrations/" + id + "/start",
                    pair("cl-killcap-a-" + RUN, "sn-" + i, "cl-killcap-b-" + RUN, "j-" + i)).status());
            reporting.add(id);
        }
        MicroServer victim = nodes.get(GRID_NODES - 1);
        TallyClient victimPlatform = platforms.get(GRID_NODES - 1);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger grantedByVictim = new AtomicInteger();
        java.util.concurrent.atomic.AtomicLong reported = new java.util.concurrent.atomic.AtomicLong();
        ExecutorService clients = Executors.newFixedThreadPool(9 + GRID_NODES);
        List<Future<?>> work = new ArrayList<>();
        List<Future<String>> reporters = new ArrayList<>();
        try {
            for (int i = 0; i < GRID_NODES; i++) {
                TallyClient node = platforms.get(i);
                String id = reporting.get(i);
                boolean onVictim = i == GRID_NODES - 1;
                reporters.add(clients.submit(() -> {
                    while (true) {
                        Reply report;
                        try {
                            report = node.postJson("api/integrations/" + id + "/transfers", "{\"records\": 1}");
                        } catch (RuntimeException deadNode) {
                            if (onVictim) {
                                return "killed";
                            }
                            throw deadNode;
                        }
                        if (report.status() != 200) {
                            return report.status() + " " + report.code();
                        }
                        reported.incrementAndGet();
                    }
                }));
            }
            for (int c = 0; c < 9; c++) {
                TallyClient node = c < 3 ? victimPlatform : platforms.get(c % 2);
                int client = c;
                work.add(clients.submit(() -> {
                    for (int n = 0; running.get(); n++) {
                        String id = "cl-kill-" + RUN + "-" + client + "-" + (n % 8);
                        String body = pair("cl-kill-a-" + RUN, "sn-" + client + "-" + (n % 4), "cl-kill-b-" + RUN, "j-" + (n % 2));
                        try {
                            if (n % 4 == 3) {
                                node.post("api/integrations/" + id + "/stop", "application/json", new byte[0]);
                            } else if (node.postJson("api/integrations/" + id + "/start", body).status() == 200 && client < 3) {
                                grantedByVictim.incrementAndGet();
                            }
                        } catch (RuntimeException deadNode) {
                            if (client >= 3) {
                                throw deadNode;
                            }
                            return null; // the killed node's clients stop
                        }
                    }
                    return null;
                }));
            }
            Await.until(() -> grantedByVictim.get() > 100 && reported.get() > 300, "the node to be killed grants starts, and every node counts reports");
            victim.kill();
            // the survivors keep deciding starts and stops on the same licence
            int before = startsGrantedBy(platforms.get(0), "cl-kill-after-" + RUN, 5);
            assertEquals(5, before, "a survivor grants new pairs after the kill");
            running.set(false);
            for (Future<?> w : work) {
                w.get();
            }
            for (Future<String> reporter : reporters) {
                String end = reporter.get(2, java.util.concurrent.TimeUnit.MINUTES);
                assertTrue(end.equals("killed") || end.equals("403 transfer-cap-exceeded") || end.equals("403 integration-not-enabled"),
                        "reports end with the kill or the cut-off: " + end);
            }
        } finally {
            clients.shutdownNow();
        }
        // the survivors count up to the limit once the dead node's block has expired: what it counted and had not stored is lost
        Await.until(() -> storedRecords(capped) == limit + 1, "the survivors count the whole allowance, the dead node's block included");
        System.out.printf(Locale.ROOT, "ClusterIT: a node killed while three nodes report across limit %d: %d accepted, %d stored, %d lost with the dead node%n",
                limit, reported.get(), storedRecords(capped), reported.get() - storedRecords(capped));
        assertTrue(reported.get() >= limit + 1, "every stored record was accepted");
        Set<String> pairsWithEnabled = new HashSet<>();
        for (JsonValue integration : enabledOf(platforms.get(0), "cl-kill-a-" + RUN)) {
            JsonObject i = integration.asJsonObject();
            pairsWithEnabled.add(i.getJsonObject("systemA").getString("key") + "|" + i.getJsonObject("systemB").getString("key"));
        }
        long used = admins.get(0).get("api/licenses/" + licence).json().getInt("pointsUsed");
        assertEquals(pairsWithEnabled.size(), used, "each pair with an enabled integration holds one point, and no other pair does");
        assertEquals(used, pointsHeld("cl-kill-a-" + RUN), "the licence's count equals its allocations");
    }

    @Test
    @Order(7)
    void aNodeStoppedBySigtermInTheMiddleOfItsWorkLeavesTheRecordWholeAndThePointsExact() throws Exception {
        String licence = upload(0, "cl-term-a-" + RUN, "cl-term-b-" + RUN, 10_000, 1_000_000L);
        for (int round = 0; round < 2; round++) {
            MicroServer node = MicroServer.startNodeOnPostgreSql(RestartIT.RUNS.resolve("cluster-term-" + round), properties(), List.of());
            TallyClient platform = TallyClient.platform(node.base());
            AtomicInteger granted = new AtomicInteger();
            ExecutorService clients = Executors.newFixedThreadPool(6);
            List<Future<?>> work = new ArrayList<>();
            int r = round;
            try {
                for (int c = 0; c < 6; c++) {
                    int client = c;
                    work.add(clients.submit(() -> {
                        try {
                            for (int n = 0; ; n++) {
                                String id = "cl-term-" + RUN + "-" + r + "-" + client + "-" + n;
                                String body = pair("cl-term-a-" + RUN, "sn-" + r + "-" + client + "-" + n, "cl-term-b-" + RUN, "j");
                                if (platform.postJson("api/integrations/" + id + "/start", body).status() == 200) {
                                    granted.incrementAndGet();
                                    platform.postJson("api/integrations/" + id + "/transfers", "{\"records\": 3}");
                                    if (n % 2 == 0) {
                                        platform.post("api/integrations/" + id + "/stop", "application/json", new byte[0]);
                                    }
                                }
                            }
                        } catch (RuntimeException stopped) {
                            return null; // the node is going down: this client ends
                        }
                    }));
                }
                Await.until(() -> granted.get() > 60, "the node grants starts");
                node.close(); // SIGTERM in the middle of starts, reports and stops
                for (Future<?> w : work) {
                    w.get();
                }
            } finally {
                clients.shutdownNow();
                node.close();
            }
            assertEquals("0", psql("SELECT COUNT(*) FROM transfer_lease WHERE licence_id = '" + licence + "'"),
                    "round " + round + ": the stopped node gave back its block of the cap's allowance");
            Reply verified = admins.get(0).get("api/records/verify");
            assertTrue(verified.json().getBoolean("intact"), "round " + round + ": the record after a SIGTERM: " + verified.body()
                    + "; head " + psql("SELECT last_seq FROM record_head") + ", last entry " + psql("SELECT MAX(seq) FROM licensing_record"));
            long used = admins.get(0).get("api/licenses/" + licence).json().getInt("pointsUsed");
            assertEquals(pointsHeld("cl-term-a-" + RUN), used, "round " + round + ": the licence's count equals its allocations");
        }
    }

    /**
     * The database keeps the chain whole whatever a node does: a head moved without the entries it names (what a
     * transaction committed in part would leave) is refused at commit, and the head stays where it was.
     */
    @Test
    @Order(8)
    void theDatabaseRefusesAHeadMovedWithoutItsEntries() throws Exception {
        String before = psql("SELECT last_seq || ' ' || last_hash FROM record_head");
        Process update = new ProcessBuilder("psql", "-d", DATABASE, "-tA", "-c",
                "UPDATE record_head SET last_seq = last_seq + 1, last_hash = repeat('a', 64) WHERE id = 1").redirectErrorStream(true).start();
        String refused = new String(update.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(update.waitFor() != 0 && refused.contains("head names entry"), "the update is refused: " + refused);
        assertEquals(before, psql("SELECT last_seq || ' ' || last_hash FROM record_head"), "the head is where it was");
    }

    private static int startsGrantedBy(TallyClient node, String prefix, int count) {
        int granted = 0;
        for (int i = 0; i < count; i++) {
            granted += node.postJson("api/integrations/" + prefix + "-" + i + "/start",
                    pair("cl-kill-a-" + RUN, prefix + "-sn-" + i, "cl-kill-b-" + RUN, "j-x")).status() == 200 ? 1 : 0;
        }
        return granted;
    }

    /** Enabled integrations of one system type, walked to the end of the list. */
    private static List<JsonValue> enabledOf(TallyClient node, String systemType) {
        List<JsonValue> all = new ArrayList<>();
        String path = "api/integrations?state=ENABLED&systemType=" + systemType + "&limit=500";
        while (path != null) {
            Reply page = node.get(path);
            assertEquals(200, page.status(), page.body());
            all.addAll(page.array());
            String link = page.header("Link");
            path = link == null ? null : link.substring(link.indexOf("api/"), link.indexOf('>'));
        }
        return all;
    }

    /** Pairs of a system type holding a point, as the database holds them (psql, with pg_virtualenv's connection settings). */
    private static long pointsHeld(String systemType) throws Exception {
        return Long.parseLong(psql("SELECT COUNT(*) FROM point_allocation WHERE first_type = '" + systemType + "' OR second_type = '" + systemType + "'"));
    }

    private static String psql(String query) throws Exception {
        Process psql = new ProcessBuilder("psql", "-d", DATABASE, "-tA", "-c", query).redirectErrorStream(true).start();
        String out = new String(psql.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        assertEquals(0, psql.waitFor(), out);
        return out;
    }

    private static String upload(int node, String typeA, String typeB, int points) {
        return upload(node, typeA, typeB, points, null);
    }

    private static String upload(int node, String typeA, String typeB, int points, Long cap) {
        String id = String.format(Locale.ROOT, "CLUSTER-%s-%03d", RUN, ids.incrementAndGet()).toUpperCase(Locale.ROOT);
        Reply created = admins.get(node).postRaw("api/licenses", ItVendor.trusted().bytes(ItVendor.licence(id, HOST).points(points)
                .transferredRecordsPerMonth(cap).systems(typeA, typeB)));
        assertEquals(201, created.status(), created.body());
        return id;
    }

    private static String pair(String typeA, String keyA, String typeB, String keyB) {
        return "{\"systemA\": {\"type\": \"" + typeA + "\", \"key\": \"" + keyA + "\"}, \"systemB\": {\"type\": \"" + typeB + "\", \"key\": \"" + keyB + "\"}}";
    }
}
