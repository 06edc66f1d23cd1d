package io.pulsechat.compat.socketio;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Socket.IO protocol 5 packet: `type [namespace,] [ackId] [json]`. Binary packets are not
 * supported (the frontend sends JSON only).
 */
record SioPacket(int type, String namespace, Long ackId, JsonNode data) {
    static final int CONNECT = 0;
    static final int DISCONNECT = 1;
    static final int EVENT = 2;
    static final int ACK = 3;
    static final int CONNECT_ERROR = 4;
    static final String DEFAULT_NAMESPACE = "/";
}
