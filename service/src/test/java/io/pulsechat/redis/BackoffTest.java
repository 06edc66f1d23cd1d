package io.pulsechat.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void theFirstAttemptIsImmediateThenTheWaitsDoubleUpToTheirCeilingAndAResetStartsAgain() {
        var backoff = new Backoff();

        assertThat(new long[] {backoff.next(), backoff.next(), backoff.next(), backoff.next()})
                .containsExactly(0, 100, 200, 250);
        backoff.reset();

        assertThat(backoff.next()).isZero();
    }
}
