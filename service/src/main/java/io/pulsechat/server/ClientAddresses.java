package io.pulsechat.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who the client is when requests come through reverse proxies. Only a TCP peer inside
 * `server.trustedProxies` is believed about the hops before it; the client is the right-most hop that
 * is not a trusted proxy, because every hop left of it was written by someone we do not trust.
 */
public final class ClientAddresses {
    /** The header a proxy appends the address of its own peer to. Only the one the proxies write may be read. */
    public enum Header {
        X_FORWARDED_FOR("X-Forwarded-For"), FORWARDED("Forwarded");

        private final String name;

        Header(String name) {
            this.name = name;
        }

        public String headerName() {
            return name;
        }
    }

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV4_WITH_PORT = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,3}){3}):\\d+");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");
    private static final Pattern BRACKETED = Pattern.compile("\\[([^\\]]*)](?::\\d+)?");

    private final TrustedNetworks proxies;
    private final Header header;

    public ClientAddresses(List<String> trustedProxies, Header header) {
        this.proxies = new TrustedNetworks(trustedProxies);
        this.header = header;
    }

    public Header header() {
        return header;
    }

    /**
     * The client's address: the peer itself unless the peer is a trusted proxy, else the right-most
     * hop of the header values (in the order the request carries them) that is not a trusted proxy.
     * A hop that is not an IP address (`unknown`, an obfuscated name, garbage) ends the walk at the
     * trusted proxy that reported it.
     */
    public String clientOf(String peer, List<String> headerValues) {
        String client = peer;
        if (!proxies.contains(peer) || headerValues.isEmpty()) {
            return client;
        }
        List<String> hops = hops(headerValues);
        for (int i = hops.size() - 1; i >= 0 && proxies.contains(client); i--) {
            Optional<String> hop = literal(header == Header.FORWARDED ? forParameter(hops.get(i)) : hops.get(i));
            if (hop.isEmpty()) {
                break;
            }
            client = hop.get();
        }
        return client;
    }

    private static List<String> hops(List<String> headerValues) {
        List<String> hops = new ArrayList<>();
        for (String value : headerValues) {
            for (String hop : value.split(",")) {
                hops.add(hop.trim());
            }
        }
        return hops;
    }

    /** RFC 7239: `for=192.0.2.60;proto=http` or `for="[2001:db8::17]:4711"`. */
    private static String forParameter(String element) {
        for (String pair : element.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("for")) {
                String value = pair.substring(eq + 1).trim();
                return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                        ? value.substring(1, value.length() - 1) : value;
            }
        }
        return "";
    }

    /**
     * The normalised address of a hop (`1.2.3.4`, `1.2.3.4:80`, `::1`, `[::1]:80`), or empty. Names
     * are never resolved: a hop is text a client may have written.
     */
    static Optional<String> literal(String hop) {
        var bracketed = BRACKETED.matcher(hop);
        if (bracketed.matches()) {
            return ipv6(bracketed.group(1));
        }
        var withPort = IPV4_WITH_PORT.matcher(hop);
        if (withPort.matches()) {
            return ipv4(withPort.group(1));
        }
        return IPV4.matcher(hop).matches() ? ipv4(hop) : ipv6(hop);
    }

    private static Optional<String> ipv4(String text) {
        var m = IPV4.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        for (int part = 1; part <= 4; part++) {
            if (Integer.parseInt(m.group(part)) > 255) {
                return Optional.empty();
            }
        }
        return parsed(text);
    }

    private static Optional<String> ipv6(String text) {
        // Brackets make InetAddress parse the text as an IPv6 literal or fail, never look it up.
        return IPV6.matcher(text).matches() ? parsed("[" + text + "]") : Optional.empty();
    }

    private static Optional<String> parsed(String literal) {
        try {
            return Optional.of(InetAddress.getByName(literal).getHostAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
