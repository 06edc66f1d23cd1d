package io.pulsechat.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HistoryTest {
    @Test
    void keepsTheNewestEntriesUpToItsCapacity() {
        var history = new History<Long>(3, Long::longValue);
        for (long t = 1; t <= 5; t++) {
            history.add(t);
        }
        assertThat(history.since(0)).containsExactly(3L, 4L, 5L);
        assertThat(history.latest()).isEqualTo(5L);
    }

    @Test
    void answersOnlyWhatIsNewerThanAskedFor() {
        var history = new History<Long>(10, Long::longValue);
        history.add(100L);
        history.add(200L);
        history.add(300L);
        assertThat(history.since(200)).containsExactly(300L);
        assertThat(history.since(300)).isEmpty();
    }
}
