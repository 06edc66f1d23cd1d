package io.pulsechat.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class SessionRegistryTest {
    private final SessionRegistry registry = new SessionRegistry();
    private final UUID ann = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();

    @Test
    void eachUserOpensUpToTheLimitAndAClosedConnectionFreesItsPlace() {
        assertThat(registry.tryOpen(ann, 2)).isTrue();
        assertThat(registry.tryOpen(ann, 2)).isTrue();
        assertThat(registry.tryOpen(ann, 2)).as("a third of Ann's").isFalse();
        assertThat(registry.tryOpen(bob, 2)).as("Bob's own").isTrue();
        assertThat(registry.openOf(ann)).isEqualTo(2);

        registry.closeOpened(ann);
        assertThat(registry.openOf(ann)).isEqualTo(1);
        assertThat(registry.tryOpen(ann, 2)).isTrue();

        registry.closeOpened(ann);
        registry.closeOpened(ann);
        assertThat(registry.openOf(ann)).isZero();
        registry.closeOpened(ann);
        assertThat(registry.openOf(ann)).as("never below zero").isZero();
    }
}
