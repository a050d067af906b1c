package dev.servermonitor.common.socket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * The one size limit on what a browser may send over a socket, whatever the size or framing: every
 * inbound message over {@link #MAX_BYTES} reaches the endpoint as a message of
 * {@code MAX_BYTES + 1} bytes, which it refuses as it refuses every oversized message (close 1009
 * with its reason), and the rest of that message is read and dropped.
 * <p>
 * Why it exists: an oversized message once reached Vert.x's own limits (one frame over
 * {@code max-frame-size}, or a fragmented message over {@code max-message-size}), where Vert.x
 * closes the TCP connection at once, with no close frame; and closing while the client is still
 * sending makes the client's kernel reset the connection, so even a close frame written first can
 * be lost. So the limit sits in the pipeline, just in front of Vert.x: a frame taking its message
 * over the limit is cut, and the rest of the message is discarded, so the close handshake completes
 * normally. A single frame over the transport's frame limit cannot be cut (Netty's decoder refuses
 * it from its header and discards what follows): it becomes a synthetic oversized message, and the
 * connection closes when the client does or after Vert.x's closing timeout.
 * <p>
 * One instance per connection: Netty calls it on the connection's event loop only.
 */
public final class MessageLimit extends ChannelInboundHandlerAdapter {

    /** The most bytes one inbound message may have, on both socket services. */
    public static final int MAX_BYTES = 64 * 1024;

    static final String NAME = "servermonitor-message-limit";
    /** Vert.x's own handler, which turns frames into WebSocket messages. */
    private static final String VERTX = "handler";

    private final int limit;
    /** Bytes of the data message being received. */
    private long received;
    /** Whether Vert.x holds the start of a data message whose last frame it has not had. */
    private boolean open;
    /** The open message's first frame was text (its continuations carry no type of their own). */
    private boolean openIsText;
    /** Dropping the rest of a message already cut at the limit. */
    private boolean dropping;

    MessageLimit(int limit) {
        this.limit = limit;
    }

    /**
     * Puts the limit in front of Vert.x on this connection's pipeline, once; false where there is no
     * such place.
     */
    static boolean install(ChannelPipeline pipeline) {
        if (pipeline.get(NAME) != null) {
            return true;
        }
        if (pipeline.get(VERTX) == null) {
            return false;
        }
        pipeline.addBefore(VERTX, NAME, new MessageLimit(MAX_BYTES));
        return true;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof WebSocketFrame frame) || !isData(frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (!(frame instanceof ContinuationWebSocketFrame)) {
            received = 0;
            dropping = false;
        }
        if (dropping) {
            dropping = !frame.isFinalFragment();
            frame.release();
            return;
        }
        long before = received;
        received += frame.content().readableBytes();
        if (received <= limit) {
            if (!(frame instanceof ContinuationWebSocketFrame)) {
                openIsText = frame instanceof TextWebSocketFrame;
            }
            open = !frame.isFinalFragment();
            ctx.fireChannelRead(frame);
            return;
        }
        // cut here: the endpoint sees one byte over the limit, the rest of the message is dropped
        ByteBuf head = frame.content().retainedSlice(frame.content().readerIndex(), (int) (limit + 1 - before));
        boolean text = frame instanceof ContinuationWebSocketFrame ? openIsText : frame instanceof TextWebSocketFrame;
        WebSocketFrame cut = last(text, before, frame.rsv(), head);
        dropping = !frame.isFinalFragment();
        open = false;
        frame.release();
        ctx.fireChannelRead(cut);
    }

    /**
     * The frame that ends an oversized message for Vert.x: a continuation of what it holds, or — when
     * it holds nothing, which it would not add to (an empty first fragment) — a whole message of its
     * own.
     */
    private WebSocketFrame last(boolean text, long held, int rsv, ByteBuf content) {
        if (open && held > 0) {
            return new ContinuationWebSocketFrame(true, rsv, content);
        }
        return text ? new TextWebSocketFrame(true, rsv, content) : new BinaryWebSocketFrame(true, rsv, content);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof CorruptedWebSocketFrameException e)
                || e.closeStatus().code() != WebSocketCloseStatus.MESSAGE_TOO_BIG.code()) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        // a frame over the transport's limit: Netty's decoder drops it and all that follows (the client's
        // close frame too), so the endpoint gets an oversized message instead of Vert.x dropping the connection
        if (dropping) {
            return; // the endpoint already has its oversized message
        }
        long held = open ? received : 0;
        ByteBuf filler = Unpooled.wrappedBuffer(new byte[(int) (limit + 1 - held)]);
        WebSocketFrame synthetic = last(open && openIsText, held, 0, filler);
        open = false;
        dropping = true;
        ctx.fireChannelRead(synthetic);
    }

    private static boolean isData(WebSocketFrame frame) {
        return frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame
                || frame instanceof ContinuationWebSocketFrame;
    }
}
