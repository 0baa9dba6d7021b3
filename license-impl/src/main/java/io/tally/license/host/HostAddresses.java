package io.tally.license.host;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The addresses a licence may be bound to on this host, normalised so that {@code Tally.ACME.example.}
 * and {@code tally.acme.example}, or two spellings of one IPv6 address, compare equal. Loopback,
 * wildcard and link-local addresses are never part of it: every host has them.
 */
public final class HostAddresses {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final Set<String> addresses;

    public HostAddresses(Collection<String> addresses) {
        Set<String> normalised = new TreeSet<>();
        for (String address : addresses) {
            String value = normalise(address);
            if (value != null && !isEveryHosts(value)) {
                normalised.add(value);
            }
        }
        this.addresses = Set.copyOf(normalised);
    }

    public Set<String> all() {
        return new TreeSet<>(addresses);
    }

    public boolean contains(String boundTo) {
        String value = normalise(boundTo);
        return value != null && addresses.contains(value);
    }

    static String normalise(String address) {
        if (address == null) {
            return null;
        }
        String value = address.strip().toLowerCase(Locale.ROOT);
        if (value.startsWith("[") && value.endsWith("]")) {
            value = value.substring(1, value.length() - 1);
        }
        int scope = value.indexOf('%');
        if (scope >= 0) {
            value = value.substring(0, scope);
        }
        if (value.endsWith(".") && !IPV4.matcher(value).matches()) {
            value = value.substring(0, value.length() - 1);
        }
        if (value.isEmpty()) {
            return null;
        }
        if (IPV4.matcher(value).matches() || value.contains(":")) {
            try {
                // a literal: no name lookup happens
                return InetAddress.getByName(value).getHostAddress();
            } catch (UnknownHostException | SecurityException e) {
                return null;
            }
        }
        return value;
    }

    private static boolean isEveryHosts(String value) {
        if (value.equals("localhost") || value.endsWith(".localhost") || value.equals("localhost.localdomain")) {
            return true;
        }
        if (IPV4.matcher(value).matches() || value.contains(":")) {
            try {
                InetAddress address = InetAddress.getByName(value);
                return address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress();
            } catch (UnknownHostException e) {
                return true;
            }
        }
        return false;
    }
}
