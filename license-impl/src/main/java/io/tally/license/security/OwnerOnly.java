package io.tally.license.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Files only the server's account may read: Tally's data folder (the H2 database, the generated
 * password) and the password files it is given. On a file system without POSIX permissions (Windows)
 * the folder's access list applies and nothing here is checked.
 */
public final class OwnerOnly {

    private static final Logger LOG = Logger.getLogger(OwnerOnly.class.getName());
    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnly() {
    }

    /**
     * Creates the folder owner-only, or takes group and world access away from it and the files in it
     * (H2 creates its files with the process's umask, usually readable by everybody).
     */
    public static void secureFolder(Path folder) throws IOException {
        try {
            if (!Files.exists(folder)) {
                Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(FOLDER));
            }
            Files.setPosixFilePermissions(folder, FOLDER);
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Files.setPosixFilePermissions(file, FILE);
                }
            }
        } catch (UnsupportedOperationException notPosix) {
            Files.createDirectories(folder);
            LOG.fine(() -> folder + " is on a file system without POSIX permissions; its access list applies");
        }
    }

    /** A secret's file: refused when another account may read or change it, as ssh refuses a key file. */
    public static String readSecret(String key, Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(key + " names " + file.toAbsolutePath() + ", which is not a file.");
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (!FILE.containsAll(permissions)) {
                throw new IllegalStateException(key + " names " + file.toAbsolutePath() + ", which other accounts may read ("
                        + PosixFilePermissions.toString(permissions) + "); make it readable by the server's account only: chmod 600 " + file);
            }
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the file's access list applies
        }
        String secret = Files.readString(file).lines().findFirst().orElse("").strip();
        if (secret.isEmpty()) {
            throw new IllegalStateException(key + " names " + file.toAbsolutePath() + ", whose first line is empty.");
        }
        return secret;
    }
}
