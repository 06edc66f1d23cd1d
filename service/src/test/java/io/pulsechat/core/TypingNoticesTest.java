package io.pulsechat.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TypingNoticesTest {
    private final UUID chat = UUID.randomUUID();
    private final UUID ann = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();
    private final AtomicLong nanos = new AtomicLong();
    private final List<BusEvent> published = new ArrayList<>();
    private final TypingNotices typing = new TypingNotices(
            new ReadReceiptsTest.FixedMemberships(chat, Set.of(ann, bob)),
            new RateLimiter<>(5, 5, nanos::get), published::add);

    @Test
    void aNoticeGoesToTheOtherMembers() {
        typing.typing(ann, chat);

        assertThat(published).singleElement().isEqualTo(new BusEvent.Typing(chat, ann, List.of(bob)));
    }

    @Test
    void fivePerSecondThenRateLimitedUntilTimePasses() {
        for (int i = 0; i < 5; i++) {
            typing.typing(ann, chat);
        }
        assertThatThrownBy(() -> typing.typing(ann, chat))
                .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED));

        nanos.addAndGet(1_000_000_000L);
        typing.typing(ann, chat);
        assertThat(published).hasSize(6);
    }

    @Test
    void anOutsiderIsNotFoundAndNothingIsPublished() {
        assertThatThrownBy(() -> typing.typing(UUID.randomUUID(), chat))
                .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(published).isEmpty();
    }

    @Test
    void aBusFailureIsUnavailable() {
        var failing = new TypingNotices(new ReadReceiptsTest.FixedMemberships(chat, Set.of(ann, bob)),
                new RateLimiter<>(5, 5, nanos::get), event -> {
                    throw new IllegalStateException("redis is down");
                });

        assertThatThrownBy(() -> failing.typing(ann, chat))
                .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }
}
