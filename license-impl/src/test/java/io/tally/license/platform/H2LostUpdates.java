package io.tally.license.platform;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Shows H2 losing updates under row locks, with plain JDBC and nothing of Tally's: why {@link H2WriteTurns}
 * exists, and how to check whether a new H2 release still needs it.
 * <p>
 * A licence row is renewed down to 1 point and up to 4 by one thread, the only one that changes it; eight
 * threads lock the row, count its allocations and add one while there is room (starts); one removes an
 * allocation now and then (stops); one locks the row, counts, and rolls back (a preview). The renewing
 * thread reads its row under its lock before each renewal: any value other than the one it committed last
 * is a lost update. With {@code -Dreader=commit} the reader commits instead, and none are lost here.
 * <p>
 * {@code mvn -q -pl license-impl test-compile exec:exec@h2-lost-updates [-Dh2.version=2.5.252] [-Dseconds=15] [-Dreader=commit]}
 */
public final class H2LostUpdates {

    private H2LostUpdates() {
    }

    public static void main(String[] args) throws Exception {
        long seconds = Long.getLong("seconds", 15);
        boolean readerCommits = "commit".equals(System.getProperty("reader"));
        java.nio.file.Path folder = java.nio.file.Files.createTempDirectory("h2-lost-updates");
        String url = "jdbc:h2:" + folder.resolve("db") + ";WRITE_DELAY=0;OPTIMIZE_REUSE_RESULTS=FALSE";
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE licence (id VARCHAR(20) PRIMARY KEY, points INT NOT NULL)");
            s.execute("CREATE TABLE allocation (pair VARCHAR(40) PRIMARY KEY, licence VARCHAR(20) NOT NULL)");
            s.execute("CREATE INDEX allocation_licence ON allocation (licence)");
            s.execute("INSERT INTO licence VALUES ('L', 4)");
        }
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong renewals = new AtomicLong();
        AtomicLong lost = new AtomicLong();
        AtomicLong pairs = new AtomicLong();
        ExecutorService threads = Executors.newCachedThreadPool();
        for (int i = 0; i < 8; i++) {
            threads.submit(() -> inTransactions(url, running, c -> {
                if (count(c) < lockedPoints(c)) {
                    try (PreparedStatement insert = c.prepareStatement("INSERT INTO allocation VALUES (?, 'L')")) {
                        insert.setString(1, "pair-" + pairs.incrementAndGet());
                        insert.executeUpdate();
                    }
                }
                c.commit();
            }));
        }
        threads.submit(() -> inTransactions(url, running, c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM allocation WHERE pair = (SELECT MIN(pair) FROM allocation)");
            }
            c.commit();
        }));
        threads.submit(() -> inTransactions(url, running, c -> {
            lockedPoints(c);
            count(c);
            if (readerCommits) {
                c.commit();
            } else {
                c.rollback();
            }
        }));
        int[] last = {4};
        threads.submit(() -> inTransactions(url, running, c -> {
            int seen = lockedPoints(c);
            if (seen != last[0]) {
                lost.incrementAndGet();
            }
            int points = last[0] == 4 ? 1 : 4;
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE licence SET points = " + points + " WHERE id = 'L'");
                if (points == 1) {
                    s.executeUpdate("DELETE FROM allocation WHERE licence = 'L' AND pair <> (SELECT MIN(pair) FROM allocation WHERE licence = 'L')");
                }
            }
            c.commit();
            last[0] = points;
            renewals.incrementAndGet();
        }));
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        running.set(false);
        threads.shutdown();
        threads.awaitTermination(1, TimeUnit.MINUTES);
        System.out.println("H2 " + org.h2.engine.Constants.FULL_VERSION + ", reader " + (readerCommits ? "commits" : "rolls back") + ": "
                + renewals + " renewals committed, " + lost + " found their last committed value gone");
    }

    private interface Work {
        void run(Connection c) throws SQLException;
    }

    /** Runs the work in one transaction after another until told to stop; a failed one is rolled back and counts for nothing. */
    private static Void inTransactions(String url, AtomicBoolean running, Work work) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            c.setAutoCommit(false);
            while (running.get()) {
                try {
                    work.run(c);
                } catch (SQLException failed) {
                    c.rollback();
                }
            }
        }
        return null;
    }

    private static int lockedPoints(Connection c) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT points FROM licence WHERE id = 'L' FOR UPDATE");
             ResultSet row = select.executeQuery()) {
            row.next();
            return row.getInt(1);
        }
    }

    private static long count(Connection c) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT COUNT(*) FROM allocation WHERE licence = 'L'");
             ResultSet row = select.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }
}
