package io.tally.license.host;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.UUID;

/**
 * This installation's id and Ed25519 key pair: generated at its first start, kept in the database, the
 * same on every node. The key signs the monthly usage statements.
 */
@ApplicationScoped
public class InstallationId {

    @PersistenceContext(unitName = "tally")
    EntityManager em;

    @Inject
    Clock clock;

    private volatile String id;
    private volatile String publicKey;
    private volatile InstallationKey key;

    /** At start: reads the id, or makes it on the very first start. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void load() {
        Installation row = em.find(Installation.class, Installation.ROW);
        if (row == null) {
            row = new Installation(UUID.randomUUID().toString(), clock.instant());
            em.persist(row);
        }
        if (row.publicKey() == null) {
            InstallationKey generated = InstallationKey.generate();
            row.keys(generated.publicKeyBase64(), generated.privateKeyBase64());
        }
        id = row.installationId();
        publicKey = row.publicKey();
        key = InstallationKey.of(row.privateKey());
    }

    /** This installation's Ed25519 public key, base64: what a vendor checks its usage statements with. */
    public String publicKey() {
        return publicKey;
    }

    /** Signs with this installation's private key (usage statements), which never leaves the database and this process. */
    public byte[] sign(byte[] message) {
        return key.sign(message);
    }

    public String get() {
        return id;
    }
}
