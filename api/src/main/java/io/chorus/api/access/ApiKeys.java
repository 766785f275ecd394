package io.chorus.api.access;

import io.chorus.api.operations.ChorusConfiguration;
import io.chorus.api.decisions.OutboundStore;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The keys this service accepts and the roles each carries. Keys are held only as SHA-256 digests, so a heap
 * dump or a log line never shows one; configured keys may be given as their digest ({@code sha256:<hex>}), so the
 * key file holds no key either. A key itself must be at least {@link #MIN_KEY_LENGTH} characters: a short key is
 * guessed, and the service refuses to start with one.
 */
// Created at start, not on the first request, so a generated key is printed when the service starts.
@Context
// Not in a batch job (chorus outbound run --commit): it uses the store, not the serving machinery.
@Requires(notEnv = OutboundStore.BATCH)
public class ApiKeys {
    private static final Logger LOG = LoggerFactory.getLogger(ApiKeys.class);
    static final String GENERATED_KEY_FILE = "admin.key";
    /** 32 characters of a random key (openssl rand -base64 32 gives 44) are beyond guessing. */
    public static final int MIN_KEY_LENGTH = 32;
    static final String DIGEST_PREFIX = "sha256:";

    private final Map<String, Set<Role>> rolesByDigest;

    public ApiKeys(AccessConfiguration access, ChorusConfiguration chorus) {
        Map<String, Set<Role>> keys = new HashMap<>();
        if (access.getApiKeys() != null && !access.getApiKeys().isBlank()) {
            for (String entry : access.getApiKeys().split(";")) {
                if (!entry.isBlank()) {
                    String[] parts = entry.split("=", 2);
                    add(keys, parts[0], parts.length > 1 ? parts[1] : "", "chorus.access.api-keys");
                }
            }
        }
        if (access.getKeysFile() != null && !access.getKeysFile().isBlank()) {
            readKeysFile(Path.of(access.getKeysFile()), keys);
        }
        if (keys.isEmpty()) {
            keys.put(digest(localAdminKey(chorus.dataDirectory())), EnumSet.of(Role.ADMIN));
        }
        this.rolesByDigest = Map.copyOf(keys);
    }

    /** The roles of a presented key, or empty for a key we do not know. */
    public Optional<Set<Role>> rolesOf(String presentedKey) {
        return callerOf(presentedKey).map(Caller::roles);
    }

    /**
     * Who presents this key: an id that names the key without revealing it (the start of its digest, fit for logs
     * and rate limits) and its roles; empty for a key we do not know.
     */
    public Optional<Caller> callerOf(String presentedKey) {
        String digest = digest(presentedKey);
        Set<Role> roles = rolesByDigest.get(digest);
        return roles == null ? Optional.empty() : Optional.of(new Caller(digest.substring(0, 12), roles));
    }

    /** A known key: {@code id} is the first 12 hex digits of its SHA-256. */
    public record Caller(String id, Set<Role> roles) {
    }

    private static void readKeysFile(Path file, Map<String, Set<Role>> keys) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\\s+", 2);
                add(keys, parts[0], parts.length > 1 ? parts[1] : "", file + ":" + (i + 1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the API keys file " + file, e);
        }
    }

    private static void add(Map<String, Set<Role>> keys, String key, String roleList, String source) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String role : roleList.split(",")) {
            if (!role.isBlank()) {
                try {
                    roles.add(Role.valueOf(role.strip().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException(source + ": unknown role \"" + role.strip()
                            + "\" (expected one of CHANNEL, RECORDER, ANALYST, ADMIN)");
                }
            }
        }
        if (key.isBlank() || roles.isEmpty()) {
            throw new IllegalStateException(source + ": an API key needs a key and at least one role");
        }
        String given = key.strip();
        String digest;
        if (given.startsWith(DIGEST_PREFIX)) {
            digest = given.substring(DIGEST_PREFIX.length()).toLowerCase(Locale.ROOT);
            if (!digest.matches("[0-9a-f]{64}")) {
                throw new IllegalStateException(source + ": a key given by its digest is sha256: and 64 hex digits");
            }
        } else {
            if (given.length() < MIN_KEY_LENGTH) {
                throw new IllegalStateException(source + ": an API key must be at least " + MIN_KEY_LENGTH
                        + " characters, this one has " + given.length() + " (make one with: chorus keys new)");
            }
            digest = digest(given);
            LOG.warn("{}: an API key is configured as itself; configure its digest instead, so no copy of the "
                    + "configuration reveals it: {}{}", source, DIGEST_PREFIX, digest);
        }
        keys.merge(digest, roles, (a, b) -> {
            Set<Role> both = EnumSet.copyOf(a);
            both.addAll(b);
            return both;
        });
    }

    /** No key configured: make one ADMIN key for this data directory, print it once, keep it there. */
    private static String localAdminKey(Path dataDirectory) {
        Path file = dataDirectory.resolve(GENERATED_KEY_FILE);
        try {
            if (Files.exists(file)) {
                LOG.info("No API keys configured: using the ADMIN key kept in {}", file);
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String key = "chorus_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Files.createDirectories(dataDirectory);
            Files.writeString(file, key + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: the file keeps the directory's permissions.
            }
            // Printed to the console on purpose, once: this is how a newcomer gets a key.
            System.out.println("chorus: no API keys configured; generated an ADMIN key (kept in " + file + "):");
            System.out.println("  " + key);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the generated API key in " + file, e);
        }
    }

    /** The SHA-256 of a key, in hex: what the service keeps, and what a key file may hold after {@code sha256:}. */
    public static String digest(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
