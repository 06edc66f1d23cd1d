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
                        String text = ((Frame) args[0]).getPayloadAsUTF8();
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
        roomy.deliver(conversation, 5, "live-5");
        roomy.deliver(conversation, 6, "live-6");
        roomy.deliver(UUID.randomUUID(), 1, "other-conversation");
        roomy.endSync(conversation, List.of("sync-4", "sync-5"), "synced", 5, false);

        assertThat(written).containsExactly("other-conversation", "sync-4", "sync-5", "synced", "live-6");
    }

    @Test
    void liveMessagesMayWaitInTheBatchUntilFlushedWhileOtherFramesLeaveAtOnce() {
        UUID conversation = UUID.randomUUID();
        var roomy = new ChatSession(UUID.randomUUID(), "203.0.113.1", jetty, core, 100, true);
        roomy.send("error");
        roomy.deliver(conversation, 1, "live-1");
        roomy.deliver(conversation, 2, "live-2");
        assertThat(flushes).isZero();

        roomy.flush();

        assertThat(written).containsExactly("error", "live-1", "live-2");
        assertThat(batched).containsExactly("live-1", "live-2");
        assertThat(flushes).isEqualTo(1);
    }
}
