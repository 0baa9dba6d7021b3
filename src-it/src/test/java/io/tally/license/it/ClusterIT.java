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

    @BeforeAll
    static void startNodes() throws Exception {
        List<String> properties = List.of("-Dtally.admin.password=" + TallyClient.ADMIN_PASSWORD,
                "-Dtally.platform.password=it-platform-secret", "-Dtally.host.addresses=" + HOST,
                "-Dtally.licence.trusted-key-files=" + ItVendor.KEYS.resolve("it-vendor.public").toAbsolutePath(),
                "-Dtally.db.url=jdbc:postgresql://127.0.0.1:" + System.getenv("PGPORT") + "/tally",
                "-Dtally.db.user=tally", "-Dtally.db.password=tally");
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
            Await.until(() -> granted.get() > 200, "starts are granted on the other nodes");
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
    void aNodeKilledWhileStartingLeaksNoPointAndTheOthersKeepServing() throws Exception {
        String licence = upload(0, "cl-kill-a-" + RUN, "cl-kill-b-" + RUN, 40);
        MicroServer victim = nodes.get(GRID_NODES - 1);
        TallyClient victimPlatform = platforms.get(GRID_NODES - 1);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger grantedByVictim = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(9);
        List<Future<?>> work = new ArrayList<>();
        try {
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
            Await.until(() -> grantedByVictim.get() > 100, "the node to be killed grants starts");
            victim.kill();
            // the survivors keep deciding starts and stops on the same licence
            int before = startsGrantedBy(platforms.get(0), "cl-kill-after-" + RUN, 5);
            assertEquals(5, before, "a survivor grants new pairs after the kill");
            running.set(false);
            for (Future<?> w : work) {
                w.get();
            }
        } finally {
            clients.shutdownNow();
        }
        Set<String> pairsWithEnabled = new HashSet<>();
        for (JsonValue integration : enabledOf(platforms.get(0), "cl-kill-a-" + RUN)) {
            JsonObject i = integration.asJsonObject();
            pairsWithEnabled.add(i.getJsonObject("systemA").getString("key") + "|" + i.getJsonObject("systemB").getString("key"));
        }
        long used = admins.get(0).get("api/licenses/" + licence).json().getInt("pointsUsed");
        assertEquals(pairsWithEnabled.size(), used, "each pair with an enabled integration holds one point, and no other pair does");
        assertEquals(used, pointsHeld("cl-kill-a-" + RUN), "the licence's count equals its allocations");
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
        Process psql = new ProcessBuilder("psql", "-d", "tally", "-tA", "-c",
                "SELECT COUNT(*) FROM point_allocation WHERE first_type = '" + systemType + "' OR second_type = '" + systemType + "'")
                .redirectErrorStream(true).start();
        String out = new String(psql.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        assertEquals(0, psql.waitFor(), out);
        return Long.parseLong(out);
    }

    private static String upload(int node, String typeA, String typeB, int points) {
        String id = String.format(Locale.ROOT, "CLUSTER-%s-%03d", RUN, ids.incrementAndGet()).toUpperCase(Locale.ROOT);
        Reply created = admins.get(node).postRaw("api/licenses", ItVendor.trusted().bytes(ItVendor.licence(id, HOST).points(points)
                .transferredRecordsPerMonth(null).systems(typeA, typeB)));
        assertEquals(201, created.status(), created.body());
        return id;
    }

    private static String pair(String typeA, String keyA, String typeB, String keyB) {
        return "{\"systemA\": {\"type\": \"" + typeA + "\", \"key\": \"" + keyA + "\"}, \"systemB\": {\"type\": \"" + typeB + "\", \"key\": \"" + keyB + "\"}}";
    }
}
