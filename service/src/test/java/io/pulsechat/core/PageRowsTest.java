package io.pulsechat.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PageRowsTest {
    @Test
    void theRowPastThePageSaysThereIsMoreAndIsLeftOut() {
        PageRows<Integer> page = PageRows.of(List.of(1, 2, 3), 2);

        assertThat(PageRows.toRead(2)).isEqualTo(3);
        assertThat(page.items()).containsExactly(1, 2);
        assertThat(page.hasMore()).isTrue();
    }

    @Test
    void fewerRowsThanOnePastThePageAreTheLastPage() {
        PageRows<Integer> page = PageRows.of(List.of(1, 2), 2);

        assertThat(page.items()).containsExactly(1, 2);
        assertThat(page.hasMore()).isFalse();
    }
}
