package io.pulsechat.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.core.Topic;
import io.pulsechat.redis.Channels;
import io.pulsechat.redis.Subscriptions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A topic is subscribed to while held, and dropped only once nobody has needed it for the linger time. */
class InterestsTest {
    private static final long LINGER = 60_000;
    private final List<List<String>> subscribed = new ArrayList<>();
    private final List<List<String>> unsubscribed = new ArrayList<>();
    private long now = 1_000_000;
    private final Channels channels = new Channels("pulsechat:events");
    private final Interests interests = new Interests(new Subscriptions() {
        @Override
        public CompletableFuture<Void> subscribe(Collection<String> names) {
            subscribed.add(List.copyOf(names));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void unsubscribe(Collection<String> names) {
            unsubscribed.add(List.copyOf(names));
        }
    }, channels, LINGER, () -> now);
    private final Topic a = Topic.conversation(UUID.randomUUID());
    private final Topic b = Topic.conversation(UUID.randomUUID());
    private final Topic user = Topic.user(UUID.randomUUID());

    @Test
    void topicsHeldTogetherAreSubscribedInOneCall() {
        interests.hold(List.of(user, a, b));

        assertThat(subscribed).containsExactly(List.of(channels.of(user), channels.of(a), channels.of(b)));
    }

    @Test
    void aTopicStaysWhileAnyHolderRemainsAndForTheLingerAfterTheLast() {
        interests.hold(List.of(a));
        interests.hold(List.of(a));
        interests.release(List.of(a));
        now += 2 * LINGER;
        interests.sweep();
        assertThat(unsubscribed).as("one holder left").isEmpty();

        interests.release(List.of(a));
        now += LINGER - 1;
        interests.sweep();
        assertThat(unsubscribed).as("within the linger").isEmpty();

        now += 1;
        interests.sweep();
        assertThat(unsubscribed).containsExactly(List.of(channels.of(a)));
    }

    @Test
    void topicsLeftAtTheSameTimeAreDroppedInOneCallAndOneHeldAgainIsKept() {
        interests.hold(List.of(a, b, user));
        interests.release(List.of(a, b, user));
        now += LINGER / 2;
        interests.hold(List.of(b));
        now += LINGER;

        interests.sweep();

        assertThat(unsubscribed).singleElement().satisfies(drop ->
                assertThat(drop).containsExactlyInAnyOrder(channels.of(a), channels.of(user)));
    }

    @Test
    void aTouchKeepsATopicForTheLingerWithoutHoldingIt() {
        interests.touch(a);
        now += LINGER - 1;
        interests.sweep();
        assertThat(unsubscribed).isEmpty();
        interests.touch(a);
        now += LINGER - 1;
        interests.sweep();
        assertThat(unsubscribed).as("the second touch moved the deadline").isEmpty();

        now += 1;
        interests.sweep();
        assertThat(unsubscribed).containsExactly(List.of(channels.of(a)));
    }
}
