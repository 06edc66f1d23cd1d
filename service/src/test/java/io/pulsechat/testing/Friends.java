package io.pulsechat.testing;

import java.util.Map;
import java.util.UUID;

/** Friendship set-up for tests: a request and its acceptance. */
public final class Friends {
    private Friends() {}

    public static UUID request(Api api, Api.Account from, Api.Account to) {
        Api.Reply reply = api.post("/api/friend-requests", Map.of("userId", to.id().toString()), from.token());
        if (reply.status() != 201) {
            throw new IllegalStateException("friend request failed: " + reply.status() + " " + reply.raw().body());
        }
        return UUID.fromString(reply.body().get("id").asText());
    }

    public static void befriend(Api api, Api.Account a, Api.Account b) {
        UUID request = request(api, a, b);
        Api.Reply reply = api.post("/api/friend-requests/" + request + "/accept", null, b.token());
        if (reply.status() != 200) {
            throw new IllegalStateException("accept failed: " + reply.status() + " " + reply.raw().body());
        }
    }
}
