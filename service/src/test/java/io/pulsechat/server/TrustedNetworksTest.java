package io.pulsechat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedNetworksTest {
    @Test
    void matchesIpv4AndIpv6RangesByPrefix() {
        var trusted = new TrustedNetworks(List.of("127.0.0.0/8", "::1/128", "10.1.0.0/16"));
        assertThat(trusted.contains("127.0.0.1")).isTrue();
        assertThat(trusted.contains("10.1.200.3")).isTrue();
        assertThat(trusted.contains("10.2.0.1")).isFalse();
        assertThat(trusted.contains("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(trusted.contains("::2")).isFalse();
        assertThat(trusted.contains("192.168.1.1")).isFalse();
    }

    @Test
    void neverResolvesNamesAndRefusesBadRanges() {
        var trusted = new TrustedNetworks(List.of("0.0.0.0/0"));
        assertThat(trusted.contains("localhost")).isFalse();
        assertThat(trusted.contains(null)).isFalse();
        assertThatThrownBy(() -> new TrustedNetworks(List.of("10.0.0.0/33"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TrustedNetworks(List.of("example.com/8"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TrustedNetworks(List.of("localhost"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TrustedNetworks(List.of("10.0.0.5/8"))).as("host bits set: a typo, not a range")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10.0.0.5/8");
        assertThat(trusted.contains("2001:db8::1")).as("0.0.0.0/0 is every IPv4 address, no IPv6 one").isFalse();
        assertThat(trusted.contains("not:an:address:at:all:::::")).isFalse();
    }
}
