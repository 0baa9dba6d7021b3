package io.tally.license.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Payara Micro started with the README's run command: the WAR at {@code /}, no clustering, the boot
 * command files from server-config, a working folder of its own (where {@code ./data} lands).
 */
final class MicroServer implements AutoCloseable {

    private static final Path MICRO_JAR = Path.of(System.getProperty("payara.microJar"));
    private static final Path WAR = Path.of(System.getProperty("tally.it.war"));
    static final Path SERVER_CONFIG = Path.of(System.getProperty("tally.it.serverConfig"));
    private static final Path README = Path.of(System.getProperty("tally.it.readme"));

    private final Path workDir;
    private final int port;
    private final Process process;
    private final String readyPath;
    private final String readyText;

    private MicroServer(Path workDir, int port, Process process, String readyPath, String readyText) {
        this.workDir = workDir;
        this.port = port;
        this.process = process;
        this.readyPath = readyPath;
        this.readyText = readyText;
    }

    /**
     * Starts a server in {@code workDir} with the README's run command (its options, read from the
     * README itself, so that the command we document is the command we test) and waits until its
     * readiness check is UP. Only the port is another, free one.
     */
    static MicroServer start(Path workDir, List<String> systemProperties) throws IOException, InterruptedException {
        return start(workDir, WAR, systemProperties, "health/ready", "tally-database");
    }

    /**
     * The same command with another WAR (the benchmark's bare endpoint), ready when {@code readyPath}
     * answers 200 with {@code readyText} in its body.
     */
    static MicroServer start(Path workDir, Path war, List<String> systemProperties, String readyPath, String readyText)
            throws IOException, InterruptedException {
        return start(workDir, war, systemProperties, readyPath, readyText, readmeRunCommand());
    }

    /** Tally with the README's PostgreSQL command (the database named by {@code tally.db.*} in the properties). */
    static MicroServer startOnPostgreSql(Path workDir, List<String> systemProperties) throws IOException, InterruptedException {
        return start(workDir, WAR, systemProperties, "health/ready", "tally-database", readmePostgreSqlCommand());
    }

    /**
     * Tally with the README's PostgreSQL command for one of several nodes: {@code --nocluster} replaced by the
     * data grid's options, as the README's "Several nodes" says (none: a node outside any data grid).
     */
    static MicroServer startNodeOnPostgreSql(Path workDir, List<String> systemProperties, List<String> gridOptions)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        for (String word : readmePostgreSqlCommand()) {
            if (word.equals("--nocluster") && !gridOptions.isEmpty()) {
                command.addAll(gridOptions);
            } else {
                command.add(word);
            }
        }
        return start(workDir, WAR, systemProperties, "health/ready", "tally-database", command);
    }

    private static MicroServer start(Path workDir, Path war, List<String> systemProperties, String readyPath, String readyText,
                                     List<String> readme) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + workDir.toAbsolutePath()));
        command.addAll(systemProperties);
        for (int i = 0; i < readme.size(); i++) {
            String word = readme.get(i);
            if (word.equals("--port")) {
                command.addAll(List.of(word, Integer.toString(port)));
                i++;
            } else if (word.endsWith("payara-micro.jar")) {
                command.add(MICRO_JAR.toString());
            } else if (word.endsWith("postgresql.jar")) {
                command.add(MICRO_JAR.resolveSibling("postgresql.jar").toString());
            } else if (word.endsWith("tally.war")) {
                command.add(war.toString());
            } else if (word.startsWith("server-config/")) {
                command.add(SERVER_CONFIG.resolve(word.substring("server-config/".length())).toString());
            } else {
                command.add(word);
            }
        }
        Process process = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("server.log").toFile()))
                .start();
        MicroServer server = new MicroServer(workDir, port, process, readyPath, readyText);
        server.awaitReady();
        return server;
    }

    URI base() {
        return URI.create("http://localhost:" + port + "/");
    }

    Path workDir() {
        return workDir;
    }

    /** The words after {@code java} in the README's run command. */
    static List<String> readmeRunCommand() throws IOException {
        String prefix = "mvn -q -DskipTests -pl license-web -am package && java ";
        for (String line : Files.readAllLines(README)) {
            if (line.startsWith(prefix)) {
                return List.of(line.substring(prefix.length()).strip().split(" +"));
            }
        }
        throw new IllegalStateException("the README has no run command starting with '" + prefix + "'");
    }

    /** The words after {@code java} in the README's PostgreSQL command. */
    static List<String> readmePostgreSqlCommand() throws IOException {
        for (String line : Files.readAllLines(README)) {
            if (line.startsWith("java -jar ") && line.contains("postgresql.asadmin")) {
                return List.of(line.substring("java ".length()).strip().split(" +"));
            }
        }
        throw new IllegalStateException("the README has no PostgreSQL command");
    }

    private void awaitReady() throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Payara Micro exited with " + process.exitValue() + "; see " + workDir.resolve("server.log"));
            }
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(base().resolve(readyPath)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200 && ready.body().contains(readyText)) {
                    refuseFailedBootCommands();
                    return;
                }
            } catch (IOException notYet) {
                // still booting
            }
            Thread.sleep(100); // polling a booting server; nothing to await on but its port
        }
        close();
        throw new IllegalStateException("Payara Micro was not ready within 2 minutes; see " + workDir.resolve("server.log"));
    }

    /**
     * Payara Micro logs each line of a boot command file it ran ("Boot Command set returned with result SUCCESS"),
     * and one that fails ("Boot Command ... failed", "... returned with result FAILURE"), and boots on without what
     * it would have set: a server-config file with a broken line would go unnoticed. Every server these tests
     * boot reads the README's command files, so none may fail.
     */
    private void refuseFailedBootCommands() throws InterruptedException {
        List<String> failed;
        try (var lines = Files.lines(workDir.resolve("server.log"))) {
            failed = lines.filter(line -> line.contains("Boot Command ")
                    && (line.contains(" failed") || line.contains(" returned with result ") && !line.contains(" returned with result SUCCESS"))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!failed.isEmpty()) {
            close();
            throw new IllegalStateException("a boot command of the server's configuration failed: " + failed);
        }
    }

    /** Kills the server as a power cut would (SIGKILL): no shutdown hook, no flush. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Stops the server as an administrator would (SIGTERM) and waits for it to end. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
