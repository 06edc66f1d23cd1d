package io.pulsechat.core;

import io.pulsechat.api.Message;
import java.util.List;
import java.util.UUID;

/** A stored message on its way to every node: who may see it, and which session sent it. */
public record PersistedMessage(Message message, List<UUID> memberIds, String originNode, String originSession,
                               long receivedAtMillis) {}
