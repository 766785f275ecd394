package io.chorus.api.access;

import io.chorus.api.operations.ChorusConfiguration;
import io.micronaut.context.annotation.Context;
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
 * dump or a log line never shows one.
 */
// Created at start, not on the first request, so a generated key is printed when the service starts.
@Context
public class ApiKeys {
    private static final Logger LOG = LoggerFactory.getLogger(ApiKeys.class);
    static final String GENERATED_KEY_FILE = "admin.key";

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
            add(keys, localAdminKey(chorus.dataDirectory()), "ADMIN", "generated key");
        }
        this.rolesByDigest = Map.copyOf(keys);
    }

    /** The roles of a presented key, or empty for a key we do not know. */
    public Optional<Set<Role>> rolesOf(String presentedKey) {
        return Optional.ofNullable(rolesByDigest.get(digest(presentedKey)));
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
        keys.merge(digest(key.strip()), roles, (a, b) -> {
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

    static String digest(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
