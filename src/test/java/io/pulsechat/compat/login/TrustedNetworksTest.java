package io.pulsechat.compat.login;

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
    }
}
