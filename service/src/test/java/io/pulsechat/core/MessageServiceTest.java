package io.pulsechat.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.Meter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class MessageServiceTest {
    private final UUID conversation = UUID.randomUUID();
    private final UUID member = UUID.randomUUID();
    private final List<MessageCommand> appended = new ArrayList<>();
    private CompletableFuture<Void> logAnswer = CompletableFuture.completedFuture(null);

    private final Memberships memberships = new Memberships() {
        @Override public boolean isMember(UUID c, UUID u) { return c.equals(conversation) && Set.of(member).contains(u); }
        @Override public void invalidate(UUID c) {}
        @Override public Set<UUID> memberIds(UUID c) { return c.equals(conversation) ? Set.of(member) : Set.of(); }
    };
    /** The node hears a conversation once this completes. */
    private CompletableFuture<Void> heard = CompletableFuture.completedFuture(null);
    private final List<Topic> touched = new ArrayList<>();
    private final Interest interest = new Interest() {
        @Override public CompletableFuture<Void> hold(Collection<Topic> topics) { throw new UnsupportedOperationException(); }
        @Override public void release(Collection<Topic> topics) { throw new UnsupportedOperationException(); }
        @Override public CompletableFuture<Void> touch(Topic topic) {
            touched.add(topic);
            return heard;
        }
    };
    private final MessageService service = new MessageService(memberships, command -> {
        appended.add(command);
        return logAnswer;
    }, new RateLimiter<>(1, 3, System::nanoTime), new MessageSettings(), "node-x", new Meter(), interest);

    @Test
    void aSendGoesToTheLogOnlyOnceThisNodeHearsItsConversation() {
        heard = new CompletableFuture<>();

        CompletableFuture<Void> sent = service.send(member, conversation, "c-1", "hello", "session-1");

        assertThat(touched).containsExactly(Topic.conversation(conversation));
        assertThat(appended).isEmpty();
        assertThat(sent).isNotDone();
        heard.complete(null);
        assertThat(appended).extracting(MessageCommand::clientMessageId).containsExactly("c-1");
        assertThat(sent).isCompleted();
    }

    /** The race CI met: the first send waits to hear its conversation, the second finds it heard already. */
    @Test
    void aSendThatFindsTheConversationHeardWaitsForTheEarlierSendStillWaiting() {
        var first = new CompletableFuture<Void>();
        heard = first;
        CompletableFuture<Void> one = service.send(member, conversation, "c-1", "first", "session-1");
        heard = CompletableFuture.completedFuture(null);
        CompletableFuture<Void> two = service.send(member, conversation, "c-2", "second", "session-1");

        assertThat(appended).as("the second may not overtake the first").isEmpty();
        first.complete(null);
        assertThat(appended).extracting(MessageCommand::clientMessageId).containsExactly("c-1", "c-2");
        assertThat(one).isCompleted();
        assertThat(two).isCompleted();
    }

    @Test
    void aValidSendIsAppendedWithItsOrigin() {
        service.send(member, conversation, "c-1", "hello", "session-1").join();

        assertThat(appended).singleElement().satisfies(c -> {
            assertThat(c.body()).isEqualTo("hello");
            assertThat(c.originNode()).isEqualTo("node-x");
            assertThat(c.originSession()).isEqualTo("session-1");
        });
    }

    @Test
    void badInputIsRefusedBeforeTheLog() {
        assertCode(() -> service.send(member, conversation, "", "x", null), ErrorCode.BAD_REQUEST);
        assertCode(() -> service.send(member, conversation, "c".repeat(65), "x", null), ErrorCode.BAD_REQUEST);
        assertCode(() -> service.send(member, conversation, "c-1", " ", null), ErrorCode.BAD_REQUEST);
        assertCode(() -> service.send(member, conversation, "c-1", "a\u0000", null), ErrorCode.BAD_REQUEST);
        assertCode(() -> service.send(member, conversation, "c-1", "x".repeat(4001), null), ErrorCode.TOO_LARGE);
        assertCode(() -> service.send(UUID.randomUUID(), conversation, "c-1", "x", null), ErrorCode.NOT_FOUND);
        assertThat(appended).isEmpty();
    }

    @Test
    void fourThousandEmojiAreWithinTheLimit() {
        service.send(member, conversation, "emoji", "😀".repeat(4000), null).join();
        assertThat(appended).hasSize(1);
    }

    @Test
    void floodingIsRateLimited() {
        for (int i = 0; i < 3; i++) {
            service.send(member, conversation, "c-" + i, "x", null);
        }
        assertCode(() -> service.send(member, conversation, "c-3", "x", null), ErrorCode.RATE_LIMITED);
    }

    @Test
    void aLogFailureIsUnavailable() {
        logAnswer = CompletableFuture.failedFuture(new IllegalStateException("broker down"));
        var future = service.send(member, conversation, "c-1", "x", null);

        assertThatThrownBy(future::join).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(ChatException.class)
                .satisfies(e -> assertThat(((ChatException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }

    private static void assertCode(Runnable send, ErrorCode code) {
        assertThatThrownBy(send::run).isInstanceOf(ChatException.class)
                .satisfies(e -> assertThat(((ChatException) e).code()).isEqualTo(code));
    }
}
