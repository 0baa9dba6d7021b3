package io.tally.license.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlyTest {

    @TempDir
    Path dir;

    @Test
    void aPasswordFileOthersMayReadIsRefused() throws Exception {
        Path file = dir.resolve("password");
        Files.writeString(file, "s3cret\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> OwnerOnly.readSecret("tally.admin.password-file", file));
        assertTrue(refused.getMessage().contains("chmod 600"), refused.getMessage());

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertEquals("s3cret", OwnerOnly.readSecret("tally.admin.password-file", file), "the first line, without its line end");
    }

    @Test
    void anEmptyOrMissingPasswordFileIsRefused() throws Exception {
        Path empty = dir.resolve("empty");
        Files.createFile(empty, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));

        assertThrows(IllegalStateException.class, () -> OwnerOnly.readSecret("k", empty));
        assertThrows(IllegalStateException.class, () -> OwnerOnly.readSecret("k", dir.resolve("missing")));
    }

    @Test
    void theDataFolderAndItsFilesBecomeOwnerOnly() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path database = Files.createFile(data.resolve("tally.mv.db"));
        Files.setPosixFilePermissions(database, PosixFilePermissions.fromString("rw-r--r--"));

        OwnerOnly.secureFolder(data);

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(database)));
        OwnerOnly.secureFolder(dir.resolve("new"));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("new"))));
    }
}
