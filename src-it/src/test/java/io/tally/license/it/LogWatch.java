package io.tally.license.it;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Inside the server: what the server logs while a test runs. Catches WARNING and above from every
 * logger, and Tally's FINE lines about retried database conflicts.
 */
final class LogWatch extends Handler implements AutoCloseable {

    static final String CONTENTION = "io.tally.license.application.Contention";

    final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Logger contention = Logger.getLogger(CONTENTION);
    private final Level contentionLevel = contention.getLevel();

    LogWatch() {
        setLevel(Level.ALL);
        Logger.getLogger("").addHandler(this);
        contention.setLevel(Level.FINE);
        contention.addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.WARNING.intValue() || CONTENTION.equals(record.getLoggerName())) {
            records.add(record);
        }
    }

    /** Records of WARNING or above, other than the ones the test itself provokes on purpose. */
    List<String> warnings() {
        return records.stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
                .map(r -> r.getLoggerName() + ": " + r.getMessage() + (r.getThrown() == null ? "" : " [" + r.getThrown() + "]")).toList();
    }

    /** Tally's lines about conflicts retried, with the database's code. */
    List<String> conflicts() {
        return records.stream().filter(r -> CONTENTION.equals(r.getLoggerName())).map(r -> r.getMessage() == null ? "" : r.getMessage())
                .toList();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
        contention.removeHandler(this);
        contention.setLevel(contentionLevel);
    }
}
