package io.chorus.engine.decision;

import io.chorus.engine.context.ActionType;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The same candidate for the same customer gets the same id on every channel and every call. */
public final class ActionIds {
    private ActionIds() {
    }

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(ActionIds::sha256);

    public static String of(String customerId, ActionType type, String key) {
        MessageDigest sha = SHA256.get();
        byte[] digest = sha.digest((customerId + '\u0000' + type + '\u0000' + key).getBytes(StandardCharsets.UTF_8));
        return "A-" + HexFormat.of().formatHex(digest, 0, 10);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
