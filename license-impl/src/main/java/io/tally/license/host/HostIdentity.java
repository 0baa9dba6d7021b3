package io.tally.license.host;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * This host's identity for licence binding: its FQDNs and IP addresses, detected once at start, or
 * exactly the ones configured in {@code tally.host.addresses} (for hosts behind NAT or in containers,
 * where detection sees other names than the vendor bound the licence to).
 */
@ApplicationScoped
public class HostIdentity {

    private static final Logger LOG = Logger.getLogger(HostIdentity.class.getName());

    @Inject
    Config config;

    private HostAddresses addresses;
    private boolean detected;

    @PostConstruct
    void init() {
        // Payara's @ConfigProperty cannot inject Optional<List<String>>: ask the Config directly
        Optional<List<String>> configured = config.getOptionalValues("tally.host.addresses", String.class);
        detected = configured.isEmpty();
        addresses = new HostAddresses(configured.orElseGet(HostIdentity::detect));
        LOG.info(() -> "Licences may be bound to this host as " + addresses.all() + (detected ? " (detected)" : " (configured)"));
    }

    public HostAddresses addresses() {
        return addresses;
    }

    /** Whether the addresses were detected ({@code false}: configured). */
    public boolean detected() {
        return detected;
    }

    static List<String> detect() {
        List<String> found = new ArrayList<>();
        try {
            InetAddress local = InetAddress.getLocalHost();
            found.add(local.getHostName());
            found.add(local.getCanonicalHostName());
        } catch (UnknownHostException e) {
            LOG.warning("This host's name could not be resolved: " + e.getMessage());
        }
        try {
            for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (network.isUp()) {
                    for (InetAddress address : Collections.list(network.getInetAddresses())) {
                        found.add(address.getHostAddress());
                    }
                }
            }
        } catch (SocketException e) {
            LOG.warning("This host's network interfaces could not be read: " + e.getMessage());
        }
        return found;
    }
}
