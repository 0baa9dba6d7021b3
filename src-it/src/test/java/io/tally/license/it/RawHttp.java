package io.tally.license.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * HTTP/1.1 over a plain socket, for what a well-behaved client never does: declare lengths it does not
 * send, send slowly, come from another loopback address.
 */
final class RawHttp implements AutoCloseable {

    final Socket socket;

    private RawHttp(Socket socket) {
        this.socket = socket;
    }

    /** A connection from {@code localAddress} (any 127.x.y.z on Linux) to the server. */
    static RawHttp connect(URI base, String localAddress) {
        try {
            Socket socket = new Socket();
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", base.getPort()), 5_000);
            socket.setSoTimeout(30_000);
            return new RawHttp(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Sends the head (request line and headers, each ending in CRLF) and as much of a body as given. */
    RawHttp send(String head, String body) {
        try {
            socket.getOutputStream().write((head + "\r\n" + body).getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The answer's head and what came of its body until the server closed or paused; empty if it closed without a word. */
    String answer() {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) != -1; ) {
                answer.write(buffer, 0, n);
                String text = answer.toString(StandardCharsets.UTF_8);
                int end = text.indexOf("\r\n\r\n");
                if (end >= 0 && complete(text, end)) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            // no more within the timeout: what came is the answer
        } catch (IOException e) {
            // reset by the server after its answer
        }
        return answer.toString(StandardCharsets.UTF_8);
    }

    private static boolean complete(String text, int headEnd) {
        for (String line : text.substring(0, headEnd).split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                return text.length() - headEnd - 4 >= Integer.parseInt(line.substring(15).strip());
            }
        }
        return false;
    }

    static int status(String answer) {
        return answer.startsWith("HTTP/1.1 ") ? Integer.parseInt(answer.substring(9, 12)) : -1;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
