package io.pulsechat.compat.login;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** CIDR ranges (IPv4 and IPv6) that a TCP peer address is checked against. */
public final class TrustedNetworks {
    private record Network(byte[] address, int prefix) {
        boolean contains(byte[] candidate) {
            if (candidate.length != address.length) {
                return false;
            }
            int bits = address.length * 8;
            BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                    .shiftRight(prefix).xor(BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE));
            return new BigInteger(1, candidate).and(mask).equals(new BigInteger(1, address).and(mask));
        }
    }

    private final List<Network> networks;

    public TrustedNetworks(List<String> cidrs) {
        this.networks = cidrs.stream().map(TrustedNetworks::parse).toList();
    }

    /** Only literal addresses are compared: a name is never resolved. */
    public boolean contains(String peerAddress) {
        if (peerAddress == null || !peerAddress.matches("[0-9a-fA-F.:]+")) {
            return false;
        }
        byte[] candidate = literal(peerAddress);
        return networks.stream().anyMatch(n -> n.contains(candidate));
    }

    private static Network parse(String cidr) {
        String[] parts = cidr.trim().split("/", 2);
        if (!parts[0].matches("[0-9a-fA-F.:]+")) {
            throw new IllegalArgumentException("not a network address: " + cidr);
        }
        byte[] address = literal(parts[0]);
        int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : address.length * 8;
        if (prefix < 0 || prefix > address.length * 8) {
            throw new IllegalArgumentException("bad prefix length: " + cidr);
        }
        return new Network(address, prefix);
    }

    private static byte[] literal(String address) {
        try {
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + address, e);
        }
    }
}
