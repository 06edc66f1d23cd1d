package io.pulsechat.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.junit.jupiter.api.Test;

class ChatSessionTest {
    /** A Jetty session whose client reads nothing: writes stay pending until released. */
    private final List<Callback> pending = new ArrayList<>();
    private final List<String> written = new ArrayList<>();
    private final List<Integer> closedWith = new ArrayList<>();
    /** Frames written with batching allowed, and how often the batch was flushed. */
    private final List<String> batched = new ArrayList<>();
    private int flushes;
    private final Session jetty = (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class},
            (proxy, method, args) -> {
                switch (method.getName()) {
                    case "close" -> closedWith.add((Integer) args[0]);
                    case "isOpen" -> { return true; }
                    default -> { }
                }
                return null;
            });
    private final CoreSession core = (CoreSession) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {CoreSession.class}, (proxy, method, args) -> {
                switch (method.getName()) {
                    case "sendFrame" -> {
                        // Read as a write does: to the end of the payload, moving its position.
                        java.nio.ByteBuffer payload = ((Frame) args[0]).getPayload();
                        byte[] bytes = new byte[payload.remaining()];
                        payload.get(bytes);
                        String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
                        written.add(text);
                        pending.add((Callback) args[1]);
                        if ((Boolean) args[2]) {
                            batched.add(text);
                        }
                    }
                    case "flush" -> flushes++;
                    default -> { }
                }
                return null;
            });
    private final ChatSession session = new ChatSession(UUID.randomUUID(), "203.0.113.1", jetty, core, 3, true);

    @Test
    void aClientThatDoesNotReadIsDisconnectedOnceItsQueueIsFull() {
        session.send("1");
        session.send("2");
        session.send("3");
        assertThat(closedWith).isEmpty();

        session.send("4");
        assertThat(written).containsExactly("1", "2", "3");
        assertThat(closedWith).containsExactly(1008);
    }

    @Test
    void writesTheClientTookFreeTheirPlace() {
        session.send("1");
        session.send("2");
        session.send("3");
        pending.forEach(Callback::succeeded);
        session.send("4");

        assertThat(written).containsExactly("1", "2", "3", "4");
        assertThat(closedWith).isEmpty();
    }

    @Test
    void liveMessagesWaitForASyncAndOnlyThoseAfterItAreSent() {
        UUID conversation = UUID.randomUUID();
        var roomy = new ChatSession(UUID.randomUUID(), "203.0.113.1", jetty, core, 100, true);
        roomy.beginSync(conversation);
        roomy.deliver(conversation, 5, TextFrame.of("live-5"));
        roomy.deliver(conversation, 6, TextFrame.of("live-6"));
        roomy.deliver(UUID.randomUUID(), 1, TextFrame.of("other-conversation"));
        roomy.endSync(conversation, List.of("sync-4", "sync-5"), "synced", 5, false);

        assertThat(written).containsExactly("other-conversation", "sync-4", "sync-5", "synced", "live-6");
    }

    @Test
    void oneEncodedFrameGoesWholeToEverySessionItIsSentTo() {
        TextFrame shared = TextFrame.of("{\"type\":\"receive-message\",\"body\":\"ünïcode\"}");
        var other = new ChatSession(UUID.randomUUID(), "203.0.113.2", jetty, core, 100, true);

        session.send(shared);
        other.deliver(UUID.randomUUID(), 1, shared);
        session.send(shared);

        assertThat(written).containsExactly(shared.toString(), shared.toString(), shared.toString());
        assertThat(shared.toString()).endsWith("\"ünïcode\"}");
    }

    @Test
    void liveMessagesMayWaitInTheBatchUntilFlushedWhileOtherFramesLeaveAtOnce() {
        UUID conversation = UUID.randomUUID();
        var roomy = new ChatSession(UUID.randomUUID(), "203.0.113.1", jetty, core, 100, true);
        roomy.send("error");
        roomy.deliver(conversation, 1, TextFrame.of("live-1"));
        roomy.deliver(conversation, 2, TextFrame.of("live-2"));
        assertThat(flushes).isZero();

        roomy.flush();

        assertThat(written).containsExactly("error", "live-1", "live-2");
        assertThat(batched).containsExactly("live-1", "live-2");
        assertThat(flushes).isEqualTo(1);
    }
}
