package io.chorus.api.decisions;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;

import java.nio.charset.StandardCharsets;

/**
 * A decision's answer as the audit keeps it ({@code decision.answer_zstd}): the very UTF-8 bytes the channel received,
 * compressed with zstd. An answer is about 9 KB of JSON; PostgreSQL's own lz4 made 4.1 KB of it, too big to stay in
 * the row, so every decision also wrote three TOAST chunks and their index entries (a tenth of the database's CPU per
 * recorded decision). zstd makes about 3 KB, which stays in the row: no TOAST, a quarter less on disk, for about
 * 30 µs of the writer's CPU. Read back whole, the bytes are the answer as sent.
 */
final class DecisionAnswers {
    /**
     * Level 1: level 3 made answers 3% smaller for about a quarter more CPU, and the faster negative levels made
     * 3.9 KB, hardly less than lz4's.
     */
    private static final int LEVEL = 1;

    /**
     * One compression context per thread that records (the writers, mostly), kept for the thread's life: a new
     * context for each answer allocated and cleared zstd's working memory every time, about a sixth of compressing a
     * 9 KB answer. The bytes written are the same.
     */
    private static final ThreadLocal<ZstdCompressCtx> CONTEXT = ThreadLocal.withInitial(() -> {
        ZstdCompressCtx context = new ZstdCompressCtx();
        context.setLevel(LEVEL);
        return context;
    });

    private DecisionAnswers() {
    }

    /**
     * Loads zstd's native code, or stops the service at start with the reason: without it no decision could be
     * recorded, and a service that starts only to answer every decision 503 hides why.
     */
    static void requireCodec() {
        try {
            compress(new byte[] {'{', '}'});
        } catch (LinkageError e) {
            throw new IllegalStateException("zstd's native library does not load on this machine, so decisions' answers "
                    + "cannot be kept (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
        }
    }

    static byte[] compress(byte[] json) {
        return CONTEXT.get().compress(json);
    }

    static String text(byte[] compressed) {
        long size = Zstd.getFrameContentSize(compressed);
        if (size < 0 || size > Integer.MAX_VALUE) {
            throw new IllegalStateException("a kept answer's zstd frame does not say its size (" + size + ")");
        }
        return new String(Zstd.decompress(compressed, (int) size), StandardCharsets.UTF_8);
    }
}
