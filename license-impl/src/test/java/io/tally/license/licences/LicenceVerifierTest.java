package io.tally.license.licences;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LicenceVerifierTest {

    final TestLicences vendor = new TestLicences("vendor-test-1");
    final LicenceVerifier cut = new LicenceVerifier(TestLicences.trustedOnly(vendor));

    @Test
    void validFileVerifiesWithEveryAttribute() {
        Licence licence = cut.verify(vendor.bytes(TestLicences.request()
                .capabilities(List.of("bulk-sync", "audit")))).licence();

        assertEquals("ACME-2026-001", licence.id());
        assertEquals("ACME Corp", licence.company());
        assertEquals("Jane Doe", licence.registeredTo());
        assertEquals("jane@acme.example", licence.email());
        assertEquals(3, licence.points());
        assertEquals(100L, licence.transferredRecordsPerMonth());
        assertEquals("tally.acme.example", licence.boundTo());
        assertEquals("servicenow", licence.systemA());
        assertEquals("jira", licence.systemB());
        assertEquals(LicenceKind.SUBSCRIPTION, licence.kind());
        assertEquals("standard", licence.edition());
        assertEquals(List.of("bulk-sync", "audit"), licence.capabilities());
        assertEquals(TestLicences.NOW, licence.issued());
        assertEquals("vendor-test-1", licence.keyId());
        assertEquals(15, licence.graceDays());
    }

    @Test
    void licenceWithoutCapOrCapabilitiesIsUnlimited() {
        Licence licence = cut.verify(vendor.bytes(TestLicences.request().transferredRecordsPerMonth(null))).licence();

        assertTrue(licence.monthlyCap().isEmpty());
        assertTrue(licence.capabilities().isEmpty());
    }

    @Test
    void everySingleByteChangeOfASignedFileIsRefused() {
        byte[] file = vendor.bytes(TestLicences.request());
        for (int position = 0; position < file.length; position++) {
            for (int flip : new int[] {0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80}) {
                byte[] changed = file.clone();
                changed[position] ^= (byte) flip;
                try {
                    cut.verify(changed);
                    fail("byte " + position + " xor " + flip + " was accepted");
                } catch (LicenceRefusedException expected) {
                    // refused, whatever the reason
                }
            }
        }
    }

    @Test
    void fileSignedWithAnotherKeyUnderATrustedKeyIdHasABadSignature() {
        TestLicences impostor = new TestLicences("vendor-test-1");

        assertRefused(Refusal.BAD_SIGNATURE, impostor.bytes(TestLicences.request()));
    }

    @Test
    void fileSignedWithAnUnknownKeyIdIsRefusedAsUnknownKey() {
        TestLicences stranger = new TestLicences("someone-else");

        LicenceRefusedException refused = assertRefused(Refusal.UNKNOWN_KEY, stranger.bytes(TestLicences.request()));
        assertTrue(refused.detail().contains("someone-else"), refused.detail());
    }

    @Test
    void duplicateFieldIsRefused() {
        String file = vendor.file(TestLicences.request());
        String doubled = file.replace("Company: ACME Corp\n", "Company: ACME Corp\nCompany: ACME Corp\n");

        assertRefused(Refusal.DUPLICATE_FIELD, doubled.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void unknownFieldIsRefused() {
        String file = vendor.file(TestLicences.request()).replace("Points: 3\n", "Points: 3\nUnlimited: yes\n");

        assertRefused(Refusal.UNKNOWN_FIELD, file.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void fieldOutOfOrderIsMalformed() {
        String file = vendor.file(TestLicences.request())
                .replace("Company: ACME Corp\nRegistered-To: Jane Doe\n", "Registered-To: Jane Doe\nCompany: ACME Corp\n");

        assertRefused(Refusal.MALFORMED, file.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void missingFieldIsMalformed() {
        String file = vendor.file(TestLicences.request()).replace("Email: jane@acme.example\n", "");

        LicenceRefusedException refused = assertRefused(Refusal.MALFORMED, file.getBytes(StandardCharsets.UTF_8));
        assertTrue(refused.detail().contains("Email"), refused.detail());
    }

    @Test
    void bytesAfterTheSignatureAreRefused() {
        String file = vendor.file(TestLicences.request());

        assertRefused(Refusal.TRAILING_BYTES, (file + "\n").getBytes(StandardCharsets.UTF_8));
        assertRefused(Refusal.TRAILING_BYTES, (file + "Points: 99\n").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void emptyFileIsRefusedAsEmpty() {
        assertRefused(Refusal.EMPTY_FILE, new byte[0]);
    }

    @Test
    void binaryFileIsRefusedAsNotText() {
        assertRefused(Refusal.NOT_TEXT, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d});
        assertRefused(Refusal.NOT_TEXT, "Tally-Licence-Format: 1\n\0\0".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void oversizedFileIsRefusedAsTooLarge() {
        byte[] huge = new byte[LicenceFormat.MAX_BYTES + 1];
        Arrays.fill(huge, (byte) 'a');

        assertRefused(Refusal.TOO_LARGE, huge);
    }

    @Test
    void unknownFormatVersionIsRefusedAsUnsupported() {
        String file = vendor.file(TestLicences.request()).replace("Tally-Licence-Format: 1\n", "Tally-Licence-Format: 2\n");

        assertRefused(Refusal.UNSUPPORTED_VERSION, file.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void textThatIsNoLicenceIsMalformed() {
        assertRefused(Refusal.MALFORMED, "{\"points\": 1000}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void signatureWithUnusedBitsSetIsRefused() {
        String file = vendor.file(TestLicences.request());
        int end = file.lastIndexOf("==");
        char last = file.charAt(end - 1);
        // the last character before "==" carries 4 unused bits; a decoder that ignores them would accept this
        char sibling = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".charAt(
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".indexOf(last) ^ 1);
        String tampered = file.substring(0, end - 1) + sibling + file.substring(end);

        assertRefused(Refusal.MALFORMED, tampered.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void windowsLineEndsAndByteOrderMarkAreReadAsTheSameLicence() {
        String file = vendor.file(TestLicences.request());
        String windows = "\uFEFF" + file.replace("\n", "\r\n");

        assertEquals(3, cut.verify(windows.getBytes(StandardCharsets.UTF_8)).licence().points());
    }

    @Test
    void invisibleOrDirectionChangingCharactersAreRefusedSoANameCannotDisplayAsAnother() {
        String file = vendor.file(TestLicences.request());
        for (String hidden : List.of("\u202E", "\u200F", "\u2028", "\uFEFF", "\u200B", "\u2066")) {
            String spoofed = file.replace("Company: ACME Corp", "Company: ACME" + hidden + " Corp");
            LicenceRefusedException refused = assertRefused(Refusal.NOT_TEXT, spoofed.getBytes(StandardCharsets.UTF_8));
            assertTrue(refused.detail().contains(String.format("U+%04X", (int) hidden.charAt(0))), refused.detail());
        }
    }

    @Test
    void theIssuingSideRefusesThemToo() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> vendor.file(TestLicences.request().company("Evil\u202Eprocni")));
        assertTrue(refused.getMessage().contains("U+202E"), refused.getMessage());
    }

    private LicenceRefusedException assertRefused(Refusal expected, byte[] file) {
        LicenceRefusedException refused = assertThrows(LicenceRefusedException.class, () -> cut.verify(file));
        assertEquals(expected, refused.refusal(), refused.detail());
        return refused;
    }
}
