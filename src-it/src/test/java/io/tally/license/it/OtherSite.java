package io.tally.license.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Another site on loopback, as an attacker runs it: one page at {@code /}, served from 127.0.0.1 while
 * the browser reaches Tally as {@code localhost}, so the browser treats them as two sites.
 */
final class OtherSite implements AutoCloseable {

    private final HttpServer server;

    OtherSite(String page) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            byte[] body = page.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    /** A page that submits a form to {@code action} as soon as it loads; {@code fields} are HTML inputs. */
    static String autoSubmit(String action, String enctype, String fields) {
        return "<!DOCTYPE html><html><body><form id=\"f\" method=\"post\" action=\"" + action + "\" enctype=\"" + enctype + "\">"
                + fields + "</form><script>document.getElementById('f').submit();</script></body></html>";
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
