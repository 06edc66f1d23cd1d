package io.pulsechat.compat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.pulsechat.api.Message;
import io.pulsechat.db.UserDao;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * A stored message in the frontend's field names. Senders' names and avatars are cached briefly:
 * every delivery needs them, and a rename showing a minute late is harmless.
 */
public class FrontendMessages {
    private record Sender(String name, String image) {}

    private final ObjectMapper json;
    private final UserDao users;
    private final Cache<UUID, Sender> senders = Caffeine.newBuilder()
            .maximumSize(50_000)
            .expireAfterWrite(Duration.ofMinutes(1))
            .build();

    public FrontendMessages(ObjectMapper json, UserDao users) {
        this.json = json;
        this.users = users;
    }

    /** `{id, chatId, body, image, public_id, isEdited, createdAt, updatedAt, createdBy:{id,name,image}}`. */
    public ObjectNode toFrontend(Message message) {
        Sender sender = senders.get(message.senderId(), id -> users.findById(id)
                .map(a -> new Sender(a.name(), a.image()))
                .orElse(new Sender(null, null)));
        ObjectNode node = json.createObjectNode();
        node.put("id", message.id().toString());
        node.put("chatId", message.conversationId().toString());
        node.put("body", message.body());
        node.putNull("image");
        node.putNull("public_id");
        node.put("isEdited", message.editedAt() != null);
        node.put("createdAt", message.createdAt().toString());
        node.put("updatedAt", Optional.ofNullable(message.editedAt()).orElse(message.createdAt()).toString());
        ObjectNode createdBy = node.putObject("createdBy");
        createdBy.put("id", message.senderId().toString());
        createdBy.put("name", sender.name());
        createdBy.put("image", sender.image());
        return node;
    }
}
