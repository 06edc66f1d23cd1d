package io.pulsechat.compat.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/** Reads and writes Socket.IO protocol 5 packets carried in Engine.IO message packets. */
final class SioCodec {
    private final ObjectMapper json;

    SioCodec(ObjectMapper json) {
        this.json = json;
    }

    /** Empty for anything that is not a well-formed, non-binary packet. */
    Optional<SioPacket> decode(String text) {
        if (text.isEmpty() || text.charAt(0) < '0' || text.charAt(0) > '4') {
            return Optional.empty();
        }
        int type = text.charAt(0) - '0';
        int i = 1;
        String namespace = SioPacket.DEFAULT_NAMESPACE;
        if (i < text.length() && text.charAt(i) == '/') {
            int comma = text.indexOf(',', i);
            namespace = comma < 0 ? text.substring(i) : text.substring(i, comma);
            i = comma < 0 ? text.length() : comma + 1;
        }
        int digits = i;
        while (digits < text.length() && Character.isDigit(text.charAt(digits)) && digits - i < 18) {
            digits++;
        }
        Long ackId = digits > i ? Long.valueOf(text.substring(i, digits)) : null;
        JsonNode data = null;
        if (digits < text.length()) {
            try {
                data = json.readTree(text.substring(digits));
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return Optional.of(new SioPacket(type, namespace, ackId, data));
    }

    String encode(SioPacket packet) {
        var out = new StringBuilder().append(packet.type());
        if (!SioPacket.DEFAULT_NAMESPACE.equals(packet.namespace())) {
            out.append(packet.namespace()).append(',');
        }
        if (packet.ackId() != null) {
            out.append(packet.ackId());
        }
        if (packet.data() != null) {
            try {
                out.append(json.writeValueAsString(packet.data()));
            } catch (IOException e) {
                throw new IllegalStateException("cannot encode a Socket.IO packet", e);
            }
        }
        return out.toString();
    }
}
