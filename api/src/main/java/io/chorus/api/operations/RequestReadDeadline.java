package io.chorus.api.operations;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A request must arrive whole within {@code chorus.server.request-read-timeout} (default 30s) of its first byte, or
 * its connection is closed: a client that trickles its headers or its body a byte at a time no longer holds a
 * connection and a buffer for as long as it likes. Micronaut's idle timeout ({@code micronaut.server.idle-timeout})
 * closes connections on which nothing at all happens; it cannot see a request that is slow but never idle.
 */
@Singleton
public class RequestReadDeadline implements BeanCreatedEventListener<ChannelPipelineCustomizer> {
    private static final Logger LOG = LoggerFactory.getLogger(RequestReadDeadline.class);
    private static final String BYTES = "chorus-request-deadline-start";
    private static final String MESSAGES = "chorus-request-deadline-end";

    private final Duration timeout;

    public RequestReadDeadline(@Value("${chorus.server.request-read-timeout:30s}") Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public ChannelPipelineCustomizer onCreated(BeanCreatedEvent<ChannelPipelineCustomizer> event) {
        ChannelPipelineCustomizer customizer = event.getBean();
        if (customizer.isServerChannel() && !timeout.isZero() && !timeout.isNegative()) {
            customizer.doOnConnect(pipeline -> {
                String codec = ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC;
                if (pipeline.get(codec) != null && pipeline.get(BYTES) == null) {
                    Deadline deadline = new Deadline(timeout);
                    pipeline.addBefore(codec, BYTES, deadline.firstByte);
                    pipeline.addAfter(codec, MESSAGES, deadline.lastContent);
                }
                return pipeline;
            });
        }
        return customizer;
    }

    /** One connection's clock: started by the first byte of a request, stopped by its last content. */
    private static final class Deadline {
        private final long millis;
        private ScheduledFuture<?> running;

        Deadline(Duration timeout) {
            this.millis = timeout.toMillis();
        }

        final ChannelInboundHandlerAdapter firstByte = new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (running == null && msg instanceof ByteBuf bytes && bytes.isReadable()) {
                    running = ctx.executor().schedule(() -> {
                        LOG.info("Closing a connection from {}: its request did not arrive within {} ms",
                                ctx.channel().remoteAddress(), millis);
                        ctx.channel().close();
                    }, millis, TimeUnit.MILLISECONDS);
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                stop();
                ctx.fireChannelInactive();
            }
        };

        final ChannelInboundHandlerAdapter lastContent = new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                boolean last = msg instanceof LastHttpContent;
                ctx.fireChannelRead(msg);
                if (last) {
                    stop();
                }
            }
        };

        private void stop() {
            if (running != null) {
                running.cancel(false);
                running = null;
            }
        }
    }
}
