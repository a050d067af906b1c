package dev.servermonitor.common.socket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * What the handler in front of Vert.x hands on, frame by frame, in a real Netty pipeline (the
 * socket tests cover it end to end): messages under the limit untouched, every larger one ended at
 * one byte over it in a frame Vert.x adds to what it holds, the rest dropped, control frames
 * through.
 */
class MessageLimitTest {

    private static final int LIMIT = 10;

    private static EmbeddedChannel channel() {
        return new EmbeddedChannel(new MessageLimit(LIMIT));
    }

    private static List<WebSocketFrame> out(EmbeddedChannel ch) {
        List<WebSocketFrame> frames = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null;) {
            frames.add((WebSocketFrame) o);
        }
        return frames;
    }

    private static byte[] bytes(int n) {
        return new byte[n];
    }

    @Test
    void aMessageWithinTheLimitPassesAsItCame() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(new TextWebSocketFrame(false, 0, Unpooled.wrappedBuffer(bytes(4))),
                new PingWebSocketFrame(), new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(bytes(6))));
        assertThat(out(ch)).extracting(f -> f.getClass().getSimpleName() + ":" + f.content().readableBytes())
                .containsExactly("TextWebSocketFrame:4", "PingWebSocketFrame:0", "ContinuationWebSocketFrame:6");
    }

    @Test
    void aFragmentedMessageOverTheLimitEndsOneByteOverItAndItsRestIsDropped() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(new TextWebSocketFrame(false, 0, Unpooled.wrappedBuffer(bytes(4))),
                new ContinuationWebSocketFrame(false, 0, Unpooled.wrappedBuffer(bytes(20))),
                new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(bytes(20))),
                new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE, "bye"));
        List<WebSocketFrame> frames = out(ch);
        assertThat(frames).hasSize(3);
        assertThat(frames.get(1)).isInstanceOf(ContinuationWebSocketFrame.class);
        assertThat(frames.get(1).isFinalFragment()).isTrue();
        assertThat(4 + frames.get(1).content().readableBytes()).isEqualTo(LIMIT + 1);
        assertThat(frames.get(2)).isInstanceOf(CloseWebSocketFrame.class);
    }

    @Test
    void afterAnEmptyFirstFragmentTheCutIsAWholeMessageOfItsType() {
        // Vert.x adds nothing to an empty held message: a continuation would vanish and the socket stay open
        EmbeddedChannel ch = channel();
        ch.writeInbound(new TextWebSocketFrame(false, 0, Unpooled.EMPTY_BUFFER),
                new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(bytes(30))));
        List<WebSocketFrame> frames = out(ch);
        assertThat(frames.get(frames.size() - 1)).isInstanceOf(TextWebSocketFrame.class)
                .satisfies(f -> assertThat(f.content().readableBytes()).isEqualTo(LIMIT + 1));
    }

    @Test
    void aFrameOverTheTransportLimitBecomesAnOversizedMessage() {
        EmbeddedChannel ch = channel();
        ch.pipeline().fireExceptionCaught(new CorruptedWebSocketFrameException(WebSocketCloseStatus.MESSAGE_TOO_BIG,
                "Max frame length of 1048576 has been exceeded."));
        assertThat(out(ch)).singleElement().isInstanceOf(BinaryWebSocketFrame.class)
                .satisfies(f -> assertThat(f.content().readableBytes()).isEqualTo(LIMIT + 1));
        assertThat(ch.isOpen()).isTrue();
        ch.checkException(); // swallowed, not passed on to Vert.x (which would drop the connection)
    }

    @Test
    void otherProtocolErrorsArePassedOn() {
        EmbeddedChannel ch = channel();
        ch.pipeline().fireExceptionCaught(new CorruptedWebSocketFrameException(WebSocketCloseStatus.PROTOCOL_ERROR,
                "unmasked"));
        org.assertj.core.api.Assertions.assertThatThrownBy(ch::checkException)
                .isInstanceOf(CorruptedWebSocketFrameException.class);
    }
}
