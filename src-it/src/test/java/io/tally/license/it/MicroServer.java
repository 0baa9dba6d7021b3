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
 * Payara Micro started the way the README's run command starts it: the WAR at {@code /}, no
 * clustering, the boot command files from server-config, a working folder of its own (where
 * {@code ./data} lands).
 */
final class MicroServer implements AutoCloseable {

    private static final Path MICRO_JAR = Path.of(System.getProperty("payara.microJar"));
    private static final Path WAR = Path.of(System.getProperty("tally.it.war"));
    static final Path SERVER_CONFIG = Path.of(System.getProperty("tally.it.serverConfig"));

    private final Path workDir;
    private final int port;
    private final Process process;

    private MicroServer(Path workDir, int port, Process process) {
        this.workDir = workDir;
        this.port = port;
        this.process = process;
    }

    /** Starts a server in {@code workDir} and waits until its readiness check is UP. */
    static MicroServer start(Path workDir, String commandFile, List<String> systemProperties) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + workDir.toAbsolutePath()));
        command.addAll(systemProperties);
        command.addAll(List.of("-jar", MICRO_JAR.toString(), "--deploy", WAR.toString(), "--contextroot", "/",
                "--port", Integer.toString(port), "--nocluster",
                "--prebootcommandfile", SERVER_CONFIG.resolve("http.asadmin").toString(),
                "--postbootcommandfile", SERVER_CONFIG.resolve(commandFile).toString()));
        Process process = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("server.log").toFile()))
                .start();
        MicroServer server = new MicroServer(workDir, port, process);
        server.awaitReady();
        return server;
    }

    URI base() {
        return URI.create("http://localhost:" + port + "/");
    }

    Path workDir() {
        return workDir;
    }

    private void awaitReady() throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Payara Micro exited with " + process.exitValue() + "; see " + workDir.resolve("server.log"));
            }
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(base().resolve("health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200 && ready.body().contains("tally-database")) {
                    return;
                }
            } catch (IOException notYet) {
                // still booting
            }
            Thread.sleep(250); // polling a booting server; nothing to await on but its port
        }
        close();
        throw new IllegalStateException("Payara Micro was not ready within 2 minutes; see " + workDir.resolve("server.log"));
    }

    /** Stops the server as an administrator would (SIGTERM) and waits for it to end. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
