package io.tally.license.licences;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The keys whose signatures Tally accepts, by key id. The vendor's keys are built into the product
 * ({@code META-INF/tally/trusted-keys} in license-impl, several for rotation); configuration may add
 * more, never replace a built-in one.
 */
public final class TrustedKeys {

    static final String BUILT_IN_RESOURCE = "/META-INF/tally/trusted-keys";

    private final Map<String, TrustedKey> byId;

    private TrustedKeys(Map<String, TrustedKey> byId) {
        this.byId = Map.copyOf(byId);
    }

    public static TrustedKeys builtIn() {
        try (InputStream in = TrustedKeys.class.getResourceAsStream(BUILT_IN_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the built-in trusted keys " + BUILT_IN_RESOURCE + " are missing from the build");
            }
            Map<String, TrustedKey> keys = new LinkedHashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String entry = line.strip();
                if (entry.isEmpty() || entry.startsWith("#")) {
                    continue;
                }
                String[] idAndKey = entry.split("\\s+");
                keys.put(idAndKey[0], TrustedKey.parse(idAndKey[0], idAndKey[1], TrustedKey.BUILT_IN));
            }
            return new TrustedKeys(keys);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TrustedKeys of(TrustedKey... keys) {
        Map<String, TrustedKey> byId = new LinkedHashMap<>();
        for (TrustedKey key : keys) {
            byId.put(key.keyId(), key);
        }
        return new TrustedKeys(byId);
    }

    /** These keys and the given ones; a key id already trusted keeps its first key. */
    public TrustedKeys with(Collection<TrustedKey> more) {
        Map<String, TrustedKey> all = new LinkedHashMap<>(byId);
        for (TrustedKey key : more) {
            if (all.containsKey(key.keyId())) {
                throw new IllegalArgumentException("key id '" + key.keyId() + "' is already trusted; a configured key cannot replace it");
            }
            all.put(key.keyId(), key);
        }
        return new TrustedKeys(all);
    }

    public Optional<TrustedKey> find(String keyId) {
        return Optional.ofNullable(byId.get(keyId));
    }

    public Collection<TrustedKey> all() {
        return byId.values();
    }
}
