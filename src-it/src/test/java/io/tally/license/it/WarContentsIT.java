package io.tally.license.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/** What ships to the customer: the WAR verifies licences and holds no code that signs them (only the installation's own statements). */
class WarContentsIT {

    static final Path WAR = Path.of(System.getProperty("tally.it.war"));

    @Test
    void theWarHoldsNoIssuingToolAndOnlyTheInstallationsOwnKeySigns() throws IOException {
        List<String> tallyClasses = new ArrayList<>();
        List<String> signing = new ArrayList<>();
        try (ZipFile war = new ZipFile(WAR.toFile())) {
            for (ZipEntry entry : war.stream().toList()) {
                if (entry.getName().startsWith("WEB-INF/lib/license-") && entry.getName().endsWith(".jar")) {
                    try (ZipInputStream jar = new ZipInputStream(war.getInputStream(entry))) {
                        for (ZipEntry inner; (inner = jar.getNextEntry()) != null; ) {
                            if (inner.getName().endsWith(".class")) {
                                tallyClasses.add(inner.getName());
                                if (refersToSigning(jar.readAllBytes())) {
                                    signing.add(inner.getName());
                                }
                            }
                        }
                    }
                }
                assertFalse(entry.getName().contains("license-issuer"), entry.getName());
            }
        }
        assertTrue(tallyClasses.contains("io/tally/license/licences/LicenceVerifier.class"), "the WAR verifies licences");
        assertTrue(tallyClasses.stream().noneMatch(name -> name.startsWith("io/tally/license/tool/")), "no class of the issuing tool");
        assertEquals(List.of("io/tally/license/host/InstallationKey.class"), signing,
                "the one Tally class that signs is the installation's own key (its usage statements); none signs licences");
    }

    /** A class that signs names a private key (BouncyCastle's parameters, a PKCS #8 spec) or turns a signer on for signing. */
    private static boolean refersToSigning(byte[] classFile) throws IOException {
        try (InputStream in = new ByteArrayInputStream(classFile)) {
            String constants = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return constants.contains("Ed25519PrivateKeyParameters") || constants.contains("generateSignature")
                    || constants.contains("initSign") || constants.contains("PKCS8EncodedKeySpec");
        }
    }
}
