package io.tally.license.tool;

import io.tally.license.licences.Ed25519;
import io.tally.license.licences.TrustedKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

/**
 * A vendor key in a small text file: {@code <key-id>.private} holds the signing key and stays
 * with the vendor; {@code <key-id>.public} is what a Tally build or configuration trusts.
 */
public record KeyFile(String keyId, byte[] key, boolean isPrivate) {

    private static final String PRIVATE = "Tally-Private-Key";
    private static final String PUBLIC = "Tally-Public-Key";

    public static KeyFile read(Path path) throws IOException {
        String[] lines = Files.readString(path, StandardCharsets.UTF_8).strip().split("\r?\n");
        if (lines.length != 3 || !lines[1].startsWith("Key-Id: ")) {
            throw new IOException(path + " is not a Tally key file");
        }
        boolean isPrivate = lines[0].equals(PRIVATE + ": 1") && lines[2].startsWith("Private-Key: ");
        boolean isPublic = lines[0].equals(PUBLIC + ": 1") && lines[2].startsWith("Public-Key: ");
        if (!isPrivate && !isPublic) {
            throw new IOException(path + " is not a Tally key file");
        }
        byte[] key = Base64.getDecoder().decode(lines[2].substring(lines[2].indexOf(": ") + 2));
        if (key.length != Ed25519.KEY_BYTES) {
            throw new IOException(path + " holds a key of " + key.length + " bytes, not " + Ed25519.KEY_BYTES);
        }
        return new KeyFile(lines[1].substring("Key-Id: ".length()), key, isPrivate);
    }

    /** Writes {@code <dir>/<keyId>.private} (owner-only where the file system allows) and {@code .public}. */
    public static void writePair(Path dir, String keyId, Signing.KeyPair pair) throws IOException {
        Files.createDirectories(dir);
        Path privateFile = dir.resolve(keyId + ".private");
        Files.writeString(privateFile, PRIVATE + ": 1\nKey-Id: " + keyId + "\nPrivate-Key: "
                + Base64.getEncoder().encodeToString(pair.privateKey()) + "\n", StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(privateFile, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the folder's ACL applies
        }
        Files.writeString(dir.resolve(keyId + ".public"), PUBLIC + ": 1\nKey-Id: " + keyId + "\nPublic-Key: "
                + Base64.getEncoder().encodeToString(pair.publicKey()) + "\n", StandardCharsets.UTF_8);
    }

    public byte[] publicKey() {
        return isPrivate ? Signing.publicKeyOf(key) : key.clone();
    }

    public TrustedKey asTrusted(String origin) {
        return new TrustedKey(keyId, publicKey(), origin);
    }

    /** The value for {@code tally.licence.trusted-keys}: {@code keyId:base64}. */
    public String configEntry() {
        return keyId + ":" + Base64.getEncoder().encodeToString(publicKey());
    }
}
