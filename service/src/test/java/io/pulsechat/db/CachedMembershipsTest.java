package io.pulsechat.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulsechat.core.ChatException;
import io.pulsechat.core.ErrorCode;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CachedMembershipsTest {
    private static final UUID CONVERSATION = UUID.randomUUID();
    private static final UUID ANN = UUID.randomUUID();
    private static final UUID BOB = UUID.randomUUID();

    private final AtomicLong nanos = new AtomicLong();
    private final AtomicInteger reads = new AtomicInteger();
    /** What "PostgreSQL" answers: the members, or a failure when it is null. */
    private final AtomicReference<List<UUID>> database = new AtomicReference<>(List.of(ANN, BOB));
    private final CachedMemberships memberships = new CachedMemberships(id -> {
        reads.incrementAndGet();
        List<UUID> members = database.get();
        if (members == null) {
            throw new IllegalStateException("The connection attempt failed.");
        }
        return members;
    }, Runnable::run, Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofSeconds(1), nanos::get);

    @Test
    void aStaleEntryKeepsServingWhilePostgresIsDownThenIsRefreshed() {
        assertThat(memberships.isMember(CONVERSATION, ANN)).isTrue();
        database.set(null);
        nanos.addAndGet(Duration.ofMinutes(5).toNanos());

        assertThat(memberships.isMember(CONVERSATION, ANN)).as("stale, past its refresh, PostgreSQL down").isTrue();
        assertThat(reads.get()).as("a refresh was tried").isEqualTo(2);

        database.set(List.of(BOB));
        nanos.addAndGet(Duration.ofSeconds(31).toNanos());
        memberships.isMember(CONVERSATION, ANN);
        assertThat(memberships.isMember(CONVERSATION, ANN)).as("refreshed once PostgreSQL is back").isFalse();
    }

    @Test
    void staleUseIsBoundedByMaxStale() {
        memberships.isMember(CONVERSATION, ANN);
        database.set(null);
        nanos.addAndGet(Duration.ofMinutes(11).toNanos());

        assertThatThrownBy(() -> memberships.isMember(CONVERSATION, ANN)).hasMessageContaining("connection attempt failed");
    }

    @Test
    void anUncachedConversationWaitsOnlyUpToTheLookupDeadline() {
        var neverAnswers = new CompletableFuture<Runnable>();
        var stuck = new CachedMemberships(id -> List.of(ANN), neverAnswers::complete, Duration.ofSeconds(30),
                Duration.ofMinutes(10), Duration.ofMillis(50), nanos::get);

        assertThatThrownBy(() -> stuck.isMember(CONVERSATION, ANN))
                .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }
}
