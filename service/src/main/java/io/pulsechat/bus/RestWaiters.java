package io.pulsechat.bus;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulsechat.core.PendingMessages;
import io.pulsechat.core.PersistedMessage;
import io.pulsechat.core.RejectedMessage;
import java.util.List;

/** Completes the REST sends waiting on this node once their message is stored or refused. */
public class RestWaiters implements BusListener {
    private final PendingMessages pending;
    private final ObjectMapper json;

    public RestWaiters(PendingMessages pending, ObjectMapper json) {
        this.pending = pending;
        this.json = json;
    }

    /** A message is decoded only when a request on this node waits for it. */
    @Override
    public void stored(List<PersistedMessage> messages) {
        for (PersistedMessage p : messages) {
            pending.stored(p.senderId(), p.clientMessageId(), () -> p.decode(json));
        }
    }

    @Override
    public void rejected(RejectedMessage rejected) {
        pending.rejected(rejected);
    }
}
