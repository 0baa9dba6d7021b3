package io.tally.license.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Tally's logins, from configuration; no password is built in. The platform's login exists only when
 * {@code tally.platform.password} is set. Without {@code tally.admin.password},
 * the first start generates one, stores only its hash, and tells the administrator once: in the
 * server log and in {@code <tally.data.dir>/initial-admin-password}.
 */
@ApplicationScoped
public class AccountStore implements IdentityStore {

    private static final Logger LOG = Logger.getLogger(AccountStore.class.getName());
    static final String PASSWORD_FILE = "initial-admin-password";

    @Inject
    @ConfigProperty(name = "tally.admin.username", defaultValue = "admin")
    String adminUsername;

    @Inject
    @ConfigProperty(name = "tally.admin.password")
    Optional<String> adminPassword;

    @Inject
    @ConfigProperty(name = "tally.admin.password-file")
    Optional<String> adminPasswordFile;

    @Inject
    @ConfigProperty(name = "tally.platform.password-file")
    Optional<String> platformPasswordFile;

    @Inject
    @ConfigProperty(name = "tally.platform.username", defaultValue = "platform")
    String platformUsername;

    @Inject
    @ConfigProperty(name = "tally.platform.password")
    Optional<String> platformPassword;

    @Inject
    @ConfigProperty(name = "tally.data.dir", defaultValue = "data")
    String dataDir;

    @PersistenceContext(unitName = "tally")
    EntityManager em;

    @Inject
    Clock clock;

    private volatile List<Account> accounts = List.of();

    /** Reads the configured logins, generating the administrator's password on the very first start. */
    @Transactional
    public void prepare() {
        try {
            OwnerOnly.secureFolder(Path.of(dataDir));
        } catch (IOException e) {
            throw new IllegalStateException("Could not make the data folder " + Path.of(dataDir).toAbsolutePath()
                    + " readable by the server's account only: " + e.getMessage(), e);
        }
        Optional<String> admin = secret("tally.admin.password", adminPassword, "tally.admin.password-file", adminPasswordFile);
        Optional<String> platform = secret("tally.platform.password", platformPassword, "tally.platform.password-file", platformPasswordFile);
        List<Account> ready = new ArrayList<>();
        ready.add(new Account(adminUsername, admin.map(Account::sha256).orElseGet(this::generatedAdminPassword),
                Set.of(Roles.ADMINISTRATOR)));
        if (platform.isPresent()) {
            ready.add(new Account(platformUsername, Account.sha256(platform.get()), Set.of(Roles.PLATFORM)));
        } else {
            LOG.info("No tally.platform.password is configured: the REST platform API (/api/integrations) has no login.");
        }
        accounts = List.copyOf(ready);
    }

    /** A password given directly or as a file (which keeps it out of the process's command line). */
    private static Optional<String> secret(String key, Optional<String> value, String fileKey, Optional<String> file) {
        if (value.isPresent() && file.isPresent()) {
            throw new IllegalStateException("Both " + key + " and " + fileKey + " are configured; keep one.");
        }
        if (file.isEmpty()) {
            return value;
        }
        try {
            return Optional.of(OwnerOnly.readSecret(fileKey, Path.of(file.get())));
        } catch (IOException e) {
            throw new IllegalStateException(fileKey + ": could not read " + file.get() + ": " + e.getMessage(), e);
        }
    }

    private String generatedAdminPassword() {
        GeneratedCredential existing = em.find(GeneratedCredential.class, adminUsername);
        if (existing != null) {
            return existing.passwordSha256();
        }
        byte[] secret = new byte[15];
        new SecureRandom().nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        em.persist(new GeneratedCredential(adminUsername, Account.sha256(password), clock.instant()));
        em.flush(); // stored before anybody is told
        Path file = Path.of(dataDir, PASSWORD_FILE).toAbsolutePath();
        try {
            writeOwnerOnly(file, "user: " + adminUsername + "\npassword: " + password + "\n");
            LOG.warning("No tally.admin.password is configured: generated a password for the administrator login '" + adminUsername
                    + "' and wrote it to " + file + " (readable by this account only). Configure tally.admin.password, or keep that file safe.");
        } catch (IOException e) {
            // the password is stored only as a hash: without the file nobody learns it, so the start fails loudly
            throw new IllegalStateException("Could not write the generated administrator password to " + file + " (" + e.getMessage()
                    + "); configure tally.admin.password or make " + file.getParent() + " writable.", e);
        }
        return Account.sha256(password);
    }

    /** Creates the file readable and writable by its owner only, before a byte of the secret is in it. */
    private static void writeOwnerOnly(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file); // Windows: the folder's ACL applies
        }
        Files.writeString(file, content);
    }

    /** Whether a login of this name exists (the login throttle follows only real accounts by name). */
    public boolean hasAccount(String username) {
        for (Account account : accounts) {
            if (account.username().equals(username)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (credential instanceof UsernamePasswordCredential login) {
            for (Account account : accounts) {
                if (account.accepts(login.getCaller(), login.getPasswordAsString())) {
                    return new CredentialValidationResult(account.username(), account.roles());
                }
            }
            return CredentialValidationResult.INVALID_RESULT;
        }
        return CredentialValidationResult.NOT_VALIDATED_RESULT;
    }
}
