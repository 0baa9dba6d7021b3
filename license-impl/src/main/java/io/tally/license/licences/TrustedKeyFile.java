package io.tally.license.licences;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Reads a vendor's public key file as the issuing tool writes it ({@code <key-id>.public}):
 * {@code Tally-Public-Key: 1}, {@code Key-Id: …}, {@code Public-Key: <base64>}.
 */
public final class TrustedKeyFile {

    private TrustedKeyFile() {
    }

    public static TrustedKey read(Path path, String origin) throws IOException {
        String[] lines = Files.readString(path, StandardCharsets.UTF_8).strip().split("\r?\n");
        if (lines.length != 3 || !lines[0].equals("Tally-Public-Key: 1") || !lines[1].startsWith("Key-Id: ")
                || !lines[2].startsWith("Public-Key: ")) {
            throw new IOException(path + " is not a Tally public key file");
        }
        try {
            return new TrustedKey(lines[1].substring("Key-Id: ".length()).strip(),
                    Base64.getDecoder().decode(lines[2].substring("Public-Key: ".length()).strip()), origin);
        } catch (IllegalArgumentException e) {
            throw new IOException(path + ": " + e.getMessage(), e);
        }
    }
}
