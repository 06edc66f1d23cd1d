package io.pulsechat.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void readsTheWholeEphemeralRangeFromProc() throws Exception {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        int expected = Files.exists(range) ? Math.max(11_000, FreePorts.parseRangeStart(Files.readAllLines(range).get(0)))
                : 32_768;

        assertThat(FreePorts.ephemeralLow()).isEqualTo(expected).isGreaterThanOrEqualTo(11_000);
    }

    @Test
    void parsesTheKernelsFormatAndRefusesAnythingElse() {
        assertThat(FreePorts.parseRangeStart("32768\t60999\n")).isEqualTo(32768);
        assertThat(FreePorts.parseRangeStart(" 40000   50000")).isEqualTo(40000);
        assertThatThrownBy(() -> FreePorts.parseRangeStart("3")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'3'");
    }

    @Test
    void neverHandsOutOnePortTwiceEvenWhileNothingIsBoundToIt() {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            int port = FreePorts.pick();
            assertThat(ports.add(port)).as("port %d handed out twice", port).isTrue();
            assertThat(port).isBetween(10_000, FreePorts.ephemeralLow() - 1);
        }
    }
}
