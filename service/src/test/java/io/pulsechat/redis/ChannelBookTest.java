package io.pulsechat.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ChannelBookTest {
    @Test
    void aSubscribeIsDoneOnceEachOfItsChannelsIsConfirmed() {
        var book = new ChannelBook();
        assertThat(book.want(List.of("a", "b"))).containsExactly("a", "b");
        CompletableFuture<Void> both = book.await(List.of("a", "b"));
        List<CompletableFuture<Void>> done = new ArrayList<>();

        book.confirmed("a", done);
        assertThat(done).isEmpty();
        book.confirmed("b", done);

        assertThat(done).containsExactly(both);
        assertThat(book.await(List.of("a")).isDone()).as("confirmed already").isTrue();
    }

    @Test
    void aLostConnectionReleasesTheWaitersAndForgetsWhatWasConfirmedButNotWhatIsWanted() {
        var book = new ChannelBook();
        book.want(List.of("a", "b"));
        book.confirmed("a", new ArrayList<>());
        CompletableFuture<Void> waiting = book.await(List.of("b"));
        List<CompletableFuture<Void>> done = new ArrayList<>();

        book.disconnected(done);

        assertThat(done).containsExactly(waiting);
        assertThat(book.wanted()).containsExactlyInAnyOrder("a", "b");
        assertThat(book.await(List.of("a")).isDone()).as("to be confirmed by the next connection").isFalse();
    }

    @Test
    void droppingAChannelReleasesItsWaitersAndOnlyWantedChannelsAreDropped() {
        var book = new ChannelBook();
        book.want(List.of("a"));
        CompletableFuture<Void> waiting = book.await(List.of("a"));
        List<CompletableFuture<Void>> done = new ArrayList<>();

        assertThat(book.drop(List.of("a", "never"), done)).containsExactly("a");

        assertThat(done).containsExactly(waiting);
        assertThat(book.wants("a")).isFalse();
        assertThat(book.want(List.of("a"))).as("wanted again is new again").containsExactly("a");
    }
}
