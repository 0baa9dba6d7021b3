package io.tally.license.it;

import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.zip.ZipFile;

/**
 * The H2 file of a stopped Tally (the README's run command keeps it under {@code ./data}), opened with the
 * H2 that Payara Micro ships, so a test can leave in it what an earlier run would have left: a stop in
 * another month, say. Only while no server has the file open.
 */
final class StoppedDatabase implements AutoCloseable {

    private final URLClassLoader h2;
    private final Connection connection;

    private StoppedDatabase(URLClassLoader h2, Connection connection) {
        this.h2 = h2;
        this.connection = connection;
    }

    static StoppedDatabase open(Path work) throws Exception {
        Path jar = work.resolve("h2.jar");
        try (ZipFile micro = new ZipFile(Path.of(System.getProperty("payara.microJar")).toFile());
             InputStream in = micro.getInputStream(micro.getEntry("MICRO-INF/runtime/h2.jar"))) {
            Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
        }
        URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        Driver driver = (Driver) loader.loadClass("org.h2.Driver").getDeclaredConstructor().newInstance();
        Properties login = new Properties();
        login.setProperty("user", "tally");
        login.setProperty("password", "tally");
        Connection connection = driver.connect("jdbc:h2:" + work.resolve("data").resolve("tally").toAbsolutePath(), login);
        return new StoppedDatabase(loader, connection);
    }

    /** Runs one statement; returns the rows it changed. */
    int update(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            return statement.executeUpdate(sql);
        }
    }

    @Override
    public void close() throws Exception {
        connection.close();
        h2.close();
    }
}
