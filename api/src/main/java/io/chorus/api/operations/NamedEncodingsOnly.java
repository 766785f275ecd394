package io.chorus.api.operations;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Responses are compressed only in an encoding the client names: gzip or deflate. Micronaut's compressor reads
 * {@code Accept-Encoding: *} as leave to pick any codec it has, and picks snappy, which ordinary HTTP clients cannot
 * read; so before it sees a request, this keeps only the encodings every client library decodes and the client
 * asked for by name (with their q values). A request that names neither is answered uncompressed.
 */
@Singleton
public class NamedEncodingsOnly implements BeanCreatedEventListener<ChannelPipelineCustomizer> {
    static final Set<String> ENCODINGS = Set.of("gzip", "deflate");
    private static final String NAME = "chorus-named-encodings-only";
    private static final ChannelHandler HANDLER = new Handler();

    @Override
    public ChannelPipelineCustomizer onCreated(BeanCreatedEvent<ChannelPipelineCustomizer> event) {
        ChannelPipelineCustomizer customizer = event.getBean();
        if (customizer.isServerChannel()) {
            customizer.doOnConnect(pipeline -> {
                if (pipeline.get(NAME) == null && pipeline.get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) != null) {
                    pipeline.addAfter(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, NAME, HANDLER);
                }
                return pipeline;
            });
        }
        return customizer;
    }

    /** The Accept-Encoding a request keeps: gzip and deflate as asked, nothing else; null when neither is. */
    static String named(List<String> acceptEncoding) {
        List<String> kept = new ArrayList<>();
        for (String header : acceptEncoding) {
            for (String token : header.split(",")) {
                String name = token.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
                if (ENCODINGS.contains(name)) {
                    kept.add(token.strip());
                }
            }
        }
        return kept.isEmpty() ? null : String.join(", ", kept);
    }

    @ChannelHandler.Sharable
    private static final class Handler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest request && request.headers().contains(HttpHeaderNames.ACCEPT_ENCODING)) {
                String named = named(request.headers().getAll(HttpHeaderNames.ACCEPT_ENCODING));
                if (named == null) {
                    request.headers().remove(HttpHeaderNames.ACCEPT_ENCODING);
                } else {
                    request.headers().set(HttpHeaderNames.ACCEPT_ENCODING, named);
                }
            }
            ctx.fireChannelRead(msg);
        }
    }
}
