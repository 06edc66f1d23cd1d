package io.pulsechat.core;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/** What nodes tell each other over Redis pub/sub. Every node receives every event. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = BusEvent.MessagesStored.class, name = "messages-stored"),
})
public sealed interface BusEvent {
    /** One consumer batch after its commit, in seq order per conversation. */
    record MessagesStored(List<PersistedMessage> persisted, List<RejectedMessage> rejected) implements BusEvent {}
}
