package io.pulsechat.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.junit.jupiter.api.Test;

class ChatSessionTest {
    /** A Jetty session whose client reads nothing: writes stay pending until released. */
    private final List<Callback> pending = new ArrayList<>();
    private final List<String> written = new ArrayList<>();
    private final List<Integer> closedWith = new ArrayList<>();
    private final Session jetty = (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class},
            (proxy, method, args) -> {
                switch (method.getName()) {
                    case "sendText" -> {
                        written.add((String) args[0]);
                        pending.add((Callback) args[1]);
                    }
                    case "close" -> closedWith.add((Integer) args[0]);
                    case "isOpen" -> { return true; }
                    default -> { }
                }
                return null;
            });
    private final ChatSession session = new ChatSession(UUID.randomUUID(), "203.0.113.1", jetty, 3);

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
        pending.forEach(Callback::succeed);
        session.send("4");

        assertThat(written).containsExactly("1", "2", "3", "4");
        assertThat(closedWith).isEmpty();
    }

    @Test
    void liveMessagesWaitForASyncAndOnlyThoseAfterItAreSent() {
        UUID conversation = UUID.randomUUID();
        var roomy = new ChatSession(UUID.randomUUID(), "203.0.113.1", jetty, 100);
        roomy.beginSync(conversation);
        roomy.deliver(conversation, 5, "live-5");
        roomy.deliver(conversation, 6, "live-6");
        roomy.deliver(UUID.randomUUID(), 1, "other-conversation");
        roomy.endSync(conversation, List.of("sync-4", "sync-5"), "synced", 5, false);

        assertThat(written).containsExactly("other-conversation", "sync-4", "sync-5", "synced", "live-6");
    }
}
