package io.tally.license.records;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Locale;

/**
 * What one record entry costs an H2 transaction that commits with Tally's settings ({@code WRITE_DELAY=0}),
 * by the record table's secondary indexes, with plain JDBC and nothing of Tally's: where the record's share
 * of a new pair's start goes on H2 (see the README, "Measured").
 * <p>
 * Every turn runs five transactions on one connection, one after the other: one that only updates a row (as
 * a start's transaction always writes something), and four that update the row and insert one entry shaped
 * like Tally's into a table of their own: with the record's three secondary indexes (licence, type, time),
 * with none, with one index (licence, type), and with the three and the hashes as {@code VARCHAR}. Taking
 * turns, a pause of the machine weighs on all alike. Printed: each insert's cost over the update alone.
 * <p>
 * {@code mvn -q -pl license-impl test-compile exec:exec@h2-record-cost [-Dturns=30000]}
 */
public final class H2RecordCommitCost {

    private static final String COLUMNS = "(seq BIGINT NOT NULL PRIMARY KEY, recorded_at BIGINT NOT NULL, actor VARCHAR(128) NOT NULL,"
            + " entry_type VARCHAR(40) NOT NULL, licence_id VARCHAR(64), details VARCHAR(16000) NOT NULL, prev_hash CHAR(64) NOT NULL,"
            + " entry_hash CHAR(64) NOT NULL)";

    private static final String[] TABLES = {"three_indexes", "no_index", "one_index", "three_indexes_varchar"};

    private H2RecordCommitCost() {
    }

    public static void main(String[] args) throws Exception {
        int turns = Integer.getInteger("turns", 30_000);
        Path folder = Files.createTempDirectory("h2-record-cost");
        String url = "jdbc:h2:" + folder.resolve("db") + ";WRITE_DELAY=0;OPTIMIZE_REUSE_RESULTS=FALSE;TRACE_LEVEL_FILE=0";
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE seen_time (id INTEGER NOT NULL PRIMARY KEY, latest BIGINT NOT NULL)");
                s.execute("INSERT INTO seen_time VALUES (1, 0)");
                for (String table : TABLES) {
                    s.execute("CREATE TABLE " + table + " " + (table.endsWith("varchar") ? COLUMNS.replace("hash CHAR", "hash VARCHAR") : COLUMNS));
                    if (table.startsWith("three")) {
                        s.execute("CREATE INDEX " + table + "_licence ON " + table + " (licence_id, seq)");
                        s.execute("CREATE INDEX " + table + "_type ON " + table + " (entry_type, seq)");
                        s.execute("CREATE INDEX " + table + "_time ON " + table + " (recorded_at, seq)");
                    }
                }
                s.execute("CREATE INDEX one_index_licence_type ON one_index (licence_id, entry_type, seq)");
            }
            c.setAutoCommit(false);
            PreparedStatement row = c.prepareStatement("UPDATE seen_time SET latest = ? WHERE id = 1");
            PreparedStatement[] inserts = new PreparedStatement[TABLES.length];
            for (int t = 0; t < TABLES.length; t++) {
                inserts[t] = c.prepareStatement("INSERT INTO " + TABLES[t] + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
            }
            String details = "{\"pair\":\"jira#jira-bench-12-34 – servicenow#sn-bench\",\"integration\":\"bench-12-34\",\"pointsInUse\":17,"
                    + "\"points\":5000,\"via\":\"platform\"}";
            String hash = "5e".repeat(32);
            long rowAlone = 0;
            long[] withEntry = new long[TABLES.length];
            for (int turn = 0; turn < 2 * turns; turn++) { // the first half warms up
                boolean measured = turn >= turns;
                long started = System.nanoTime();
                row.setLong(1, turn);
                row.executeUpdate();
                c.commit();
                if (measured) {
                    rowAlone += System.nanoTime() - started;
                }
                for (int t = 0; t < TABLES.length; t++) {
                    started = System.nanoTime();
                    row.setLong(1, turn);
                    row.executeUpdate();
                    PreparedStatement insert = inserts[t];
                    insert.setLong(1, turn);
                    insert.setLong(2, System.currentTimeMillis());
                    insert.setString(3, "platform");
                    insert.setString(4, "point-taken");
                    insert.setString(5, "ACME-2026-00" + turn % 3);
                    insert.setString(6, details);
                    insert.setString(7, hash);
                    insert.setString(8, hash);
                    insert.executeUpdate();
                    c.commit();
                    if (measured) {
                        withEntry[t] += System.nanoTime() - started;
                    }
                }
            }
            System.out.printf(Locale.ROOT, "H2 %s, %d turns: a transaction updating one row %.0f µs; one entry more costs%n",
                    c.getMetaData().getDatabaseProductVersion(), turns, rowAlone / 1000.0 / turns);
            for (int t = 0; t < TABLES.length; t++) {
                System.out.printf(Locale.ROOT, "  %-22s %4.0f µs%n", TABLES[t].replace('_', ' '), (withEntry[t] - rowAlone) / 1000.0 / turns);
            }
        } finally {
            try (var files = Files.walk(folder)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
