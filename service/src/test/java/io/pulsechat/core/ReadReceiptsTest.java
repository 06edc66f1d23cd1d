package io.pulsechat.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReadReceiptsTest {
    private final UUID chat = UUID.randomUUID();
    private final UUID ann = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();
    private final UUID cid = UUID.randomUUID();
    private final List<BusEvent> published = new ArrayList<>();
    private final Memberships memberships = new FixedMemberships(chat, Set.of(ann, bob, cid));

    @Test
    void aMoveForwardIsToldToTheOtherMembersOnly() {
        var receipts = new ReadReceipts(memberships, (c, u, seq) -> Optional.of(seq), published::add);

        receipts.markRead(ann, chat, 7);

        assertThat(published).singleElement().isInstanceOfSatisfying(BusEvent.ReadUpTo.class, e -> {
            assertThat(e.conversationId()).isEqualTo(chat);
            assertThat(e.userId()).isEqualTo(ann);
            assertThat(e.seq()).isEqualTo(7);
            assertThat(e.recipients()).containsExactlyInAnyOrder(bob, cid);
        });
    }

    @Test
    void noMoveNoEvent() {
        var receipts = new ReadReceipts(memberships, (c, u, seq) -> Optional.empty(), published::add);

        receipts.markRead(ann, chat, 3);

        assertThat(published).isEmpty();
    }

    @Test
    void outsidersAndNegativeSeqsAreRefusedBeforeAnythingIsWritten() {
        List<Long> written = new ArrayList<>();
        var receipts = new ReadReceipts(memberships, (c, u, seq) -> {
            written.add(seq);
            return Optional.of(seq);
        }, published::add);

        assertThatThrownBy(() -> receipts.markRead(UUID.randomUUID(), chat, 1))
                .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> receipts.markRead(ann, chat, -1))
                .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
        assertThat(written).isEmpty();
        assertThat(published).isEmpty();
    }

    /** One conversation with fixed members. */
    record FixedMemberships(UUID conversationId, Set<UUID> members) implements Memberships {
        @Override
        public boolean isMember(UUID conversation, UUID userId) {
            return memberIds(conversation).contains(userId);
        }

        @Override
        public Set<UUID> memberIds(UUID conversation) {
            return conversation.equals(conversationId) ? members : Set.of();
        }

        @Override
        public void invalidate(UUID conversation) {}
    }
}
