package io.pulsechat.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.jetty.util.InetAddressSet;

/**
 * Network ranges (CIDR, IPv4 and IPv6) that a TCP peer address is checked against: trusted proxies,
 * and the compatibility surface's passwordless login. Jetty's {@link InetAddressSet} does the matching;
 * this class keeps names out of it, on both sides, so that nothing is ever resolved.
 */
public final class TrustedNetworks {
    private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F.:]+");
    private final InetAddressSet networks = new InetAddressSet();

    /** Each range as "address/prefix" or a single address; the address is a literal, the prefix within its length. */
    public TrustedNetworks(List<String> ranges) {
        for (String range : ranges) {
            String trimmed = range.trim();
            if (!LITERAL.matcher(trimmed.split("/", 2)[0]).matches()) {
                throw new IllegalArgumentException("not a network address: " + range);
            }
            try {
                networks.add(trimmed);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not a network range (address/prefix, no host bits): " + range, e);
            }
        }
    }

    /** Only literal addresses are compared: a name is never resolved. */
    public boolean contains(String peerAddress) {
        if (peerAddress == null || !LITERAL.matcher(peerAddress).matches()) {
            return false;
        }
        try {
            return networks.test(InetAddress.getByName(peerAddress));
        } catch (UnknownHostException notAnAddress) {
            return false;
        }
    }
}
