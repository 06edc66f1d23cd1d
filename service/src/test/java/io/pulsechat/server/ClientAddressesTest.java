package io.pulsechat.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.server.ClientAddresses.Header;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressesTest {
    private static final ClientAddresses BEHIND_PROXIES =
            new ClientAddresses(List.of("10.0.0.0/8", "192.168.1.10/32", "fd00::/8"), Header.X_FORWARDED_FOR);

    @Test
    void anUntrustedPeerIsTheClientWhateverItsHeadersSay() {
        assertThat(BEHIND_PROXIES.clientOf("203.0.113.50", List.of("198.51.100.1"))).isEqualTo("203.0.113.50");
        assertThat(BEHIND_PROXIES.clientOf("203.0.113.50", List.of("10.0.0.1, 127.0.0.1"))).isEqualTo("203.0.113.50");
        var noProxies = new ClientAddresses(List.of(), Header.X_FORWARDED_FOR);
        assertThat(noProxies.clientOf("127.0.0.1", List.of("198.51.100.1"))).isEqualTo("127.0.0.1");
    }

    @Test
    void aTrustedProxyNamesTheClient() {
        assertThat(BEHIND_PROXIES.clientOf("10.1.2.3", List.of("198.51.100.7"))).isEqualTo("198.51.100.7");
        assertThat(BEHIND_PROXIES.clientOf("10.1.2.3", List.of())).isEqualTo("10.1.2.3");
    }

    @Test
    void theClientIsTheRightMostHopThatIsNotATrustedProxy() {
        // The client wrote "1.2.3.4" itself; the first proxy appended the address it saw, then the next proxy.
        assertThat(BEHIND_PROXIES.clientOf("10.0.0.2", List.of("1.2.3.4, 198.51.100.7, 192.168.1.10")))
                .isEqualTo("198.51.100.7");
        // Several header lines are one list, in order.
        assertThat(BEHIND_PROXIES.clientOf("10.0.0.2", List.of("1.2.3.4", "198.51.100.7", "10.9.9.9")))
                .isEqualTo("198.51.100.7");
    }

    @Test
    void aChainOfOnlyTrustedProxiesEndsAtTheFurthestOne() {
        assertThat(BEHIND_PROXIES.clientOf("10.0.0.2", List.of("10.0.0.3, 192.168.1.10"))).isEqualTo("10.0.0.3");
    }

    @Test
    void aHopThatIsNotAnAddressStopsAtTheProxyThatReportedIt() {
        assertThat(BEHIND_PROXIES.clientOf("10.0.0.2", List.of("198.51.100.7, unknown"))).isEqualTo("10.0.0.2");
        assertThat(BEHIND_PROXIES.clientOf("10.0.0.2", List.of("example.com"))).isEqualTo("10.0.0.2");
        assertThat(BEHIND_PROXIES.clientOf("10.0.0.2", List.of("300.1.1.1"))).isEqualTo("10.0.0.2");
        assertThat(BEHIND_PROXIES.clientOf("10.0.0.2", List.of("beef"))).isEqualTo("10.0.0.2");
        assertThat(BEHIND_PROXIES.clientOf("10.0.0.2", List.of(""))).isEqualTo("10.0.0.2");
    }

    @Test
    void portsAndIpv6AreUnderstood() {
        assertThat(BEHIND_PROXIES.clientOf("10.0.0.2", List.of("198.51.100.7:4711"))).isEqualTo("198.51.100.7");
        assertThat(BEHIND_PROXIES.clientOf("10.0.0.2", List.of("2001:db8::17"))).isEqualTo("2001:db8:0:0:0:0:0:17");
        assertThat(BEHIND_PROXIES.clientOf("10.0.0.2", List.of("[2001:db8::17]:4711"))).isEqualTo("2001:db8:0:0:0:0:0:17");
        assertThat(BEHIND_PROXIES.clientOf("fd00::5", List.of("198.51.100.7, fd00::6"))).isEqualTo("198.51.100.7");
    }

    @Test
    void theForwardedHeaderOfRfc7239() {
        var forwarded = new ClientAddresses(List.of("10.0.0.0/8"), Header.FORWARDED);
        assertThat(forwarded.clientOf("10.0.0.2",
                List.of("for=1.2.3.4, for=198.51.100.7;proto=https;by=10.0.0.9, For=\"10.0.0.3:80\"")))
                .isEqualTo("198.51.100.7");
        assertThat(forwarded.clientOf("10.0.0.2", List.of("for=\"[2001:db8:cafe::17]:4711\""))).isEqualTo("2001:db8:cafe:0:0:0:0:17");
        assertThat(forwarded.clientOf("10.0.0.2", List.of("for=_hidden"))).isEqualTo("10.0.0.2");
        assertThat(forwarded.clientOf("10.0.0.2", List.of("proto=https"))).isEqualTo("10.0.0.2");
    }
}
