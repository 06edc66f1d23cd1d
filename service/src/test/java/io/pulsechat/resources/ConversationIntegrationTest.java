package io.pulsechat.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulsechat.testing.Api;
import io.pulsechat.testing.Api.Account;
import io.pulsechat.testing.TestNode;
import io.pulsechat.testing.Teardown;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The conversation list, group administration and read receipts, through the REST API of one node. */
class ConversationIntegrationTest {
    private static TestNode node;
    private static Api api;

    @BeforeAll
    static void startNode() {
        node = TestNode.start("conversations-node");
        api = new Api(node);
    }

    @AfterAll
    static void stopNode() {
        Teardown.closeAll(node);
    }

    @Test
    void theListIsNewestActivityFirstAndItsCursorNeitherRepeatsNorSkipsWhileMessagesArrive() {
        Account me = api.register("Lister");
        Account other = api.register("Other");
        List<UUID> created = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            created.add(api.group(other, "group " + i, me));
        }
        UUID c1 = created.get(0), c2 = created.get(1), c3 = created.get(2), c4 = created.get(3), c5 = created.get(4);

        var first = api.get("/api/conversations?limit=2", me.token());
        assertThat(ids(first.body().get("items"))).containsExactly(c5, c4);
        String cursor = first.body().get("nextCursor").asText();

        send(other, c2, "news in group 2");
        var second = api.get("/api/conversations?limit=2&cursor=" + cursor, me.token());
        var fresh = api.get("/api/conversations?limit=2", me.token());

        assertThat(ids(second.body().get("items"))).as("c2 moved above the cursor; the rest keep their order")
                .containsExactly(c3, c1);
        assertThat(second.body().get("nextCursor").isNull()).isTrue();
        assertThat(ids(fresh.body().get("items"))).containsExactly(c2, c5);
        assertThat(api.get("/api/conversations?cursor=nonsense", me.token()).status()).isEqualTo(400);
        assertThat(api.get("/api/conversations?limit=101", me.token()).status()).isEqualTo(400);
    }

    @Test
    void eachItemHasItsLastMessageAndTheReadersUnreadCount() {
        Account me = api.register("Reader");
        Account bob = api.register("Bob");
        UUID chat = api.direct(me, bob);
        send(bob, chat, "one");
        send(bob, chat, "two");
        send(me, chat, "mine");
        JsonNode last = send(bob, chat, "three");

        JsonNode item = onlyItem(me);
        assertThat(item.get("id").asText()).isEqualTo(chat.toString());
        assertThat(item.get("lastSeq").asLong()).isEqualTo(4);
        assertThat(item.get("unreadCount").asLong()).as("my own message is not unread").isEqualTo(3);
        assertThat(item.at("/lastMessage/body").asText()).isEqualTo("three");
        assertThat(item.has("members")).isFalse();

        assertThat(api.delete("/api/messages/" + last.get("id").asText(), bob.token()).status()).isEqualTo(204);
        JsonNode afterDelete = onlyItem(me);
        assertThat(afterDelete.get("unreadCount").asLong()).as("deleted messages are not unread").isEqualTo(2);
        assertThat(afterDelete.at("/lastMessage/deleted").asBoolean()).isTrue();
        assertThat(afterDelete.at("/lastMessage/body").isNull()).isTrue();
    }

    @Test
    void lastReadNeverMovesBackwardsAndIsClampedToTheLastMessage() {
        Account me = api.register("Reader");
        Account bob = api.register("Bob");
        UUID chat = api.direct(me, bob);
        for (int i = 1; i <= 4; i++) {
            send(bob, chat, "m" + i);
        }

        assertThat(read(me, chat, 3)).isEqualTo(204);
        assertThat(unread(me, chat)).isEqualTo(1);
        assertThat(read(me, chat, 1)).isEqualTo(204);
        assertThat(unread(me, chat)).isEqualTo(1);
        assertThat(lastReadSeq(me, chat)).isEqualTo(3);
        assertThat(read(me, chat, 1000)).isEqualTo(204);
        assertThat(lastReadSeq(me, chat)).isEqualTo(4);
        assertThat(unread(me, chat)).isZero();
        send(bob, chat, "m5");
        assertThat(unread(me, chat)).as("the clamp left room for the next message").isEqualTo(1);
        assertThat(api.post("/api/conversations/" + chat + "/read", Map.of("seq", -1), me.token()).status()).isEqualTo(422);
        assertThat(api.post("/api/conversations/" + chat + "/read", Map.of(), me.token()).status()).isEqualTo(422);
    }

    @Test
    void onlyAnAdminRenamesAGroupAndNobodyRenamesADirectConversation() {
        Account admin = api.register("Admin");
        Account member = api.register("Member");
        UUID group = api.group(admin, "before", member);
        UUID direct = api.direct(admin, member);

        var renamed = api.patch("/api/conversations/" + group, Map.of("name", "  after  ", "image", "https://x/y.png"),
                admin.token());
        assertThat(renamed.status()).isEqualTo(200);
        assertThat(renamed.body().get("name").asText()).isEqualTo("after");
        assertThat(renamed.body().get("image").asText()).isEqualTo("https://x/y.png");
        assertThat(renamed.body().get("members")).hasSize(2);

        assertThat(api.patch("/api/conversations/" + group, Map.of("name", "mine"), member.token()).status()).isEqualTo(403);
        assertThat(api.patch("/api/conversations/" + group, Map.of("name", " "), admin.token()).status()).isEqualTo(422);
        assertThat(api.patch("/api/conversations/" + direct, Map.of("name", "us"), admin.token()).status()).isEqualTo(400);
        assertThat(api.get("/api/conversations/" + group, member.token()).body().get("name").asText()).isEqualTo("after");
    }

    @Test
    void anAdminAddsAndRemovesMembersAndANewcomerStartsWithNothingUnread() {
        Account admin = api.register("Admin");
        Account member = api.register("Member");
        Account newcomer = api.register("Newcomer");
        UUID group = api.group(admin, "team", member);
        send(member, group, "before you came");

        assertThat(addMember(member, group, newcomer).status()).isEqualTo(403);
        var added = addMember(admin, group, newcomer);
        assertThat(added.status()).isEqualTo(200);
        JsonNode newcomerEntry = memberEntry(added.body(), newcomer.id());
        assertThat(newcomerEntry.get("role").asText()).isEqualTo("member");
        assertThat(newcomerEntry.get("lastReadSeq").asLong()).isEqualTo(1);
        assertThat(api.get("/api/conversations/" + group, newcomer.token()).body().get("unreadCount").asLong()).isZero();
        assertThat(api.history(newcomer, group)).hasSize(1);

        assertThat(addMember(admin, group, newcomer).status()).isEqualTo(409);
        assertThat(api.post("/api/conversations/" + group + "/members", Map.of("userId", UUID.randomUUID().toString()),
                admin.token()).status()).isEqualTo(404);
        assertThat(api.delete("/api/conversations/" + group + "/members/" + newcomer.id(), member.token()).status())
                .isEqualTo(403);
        assertThat(api.delete("/api/conversations/" + group + "/members/" + newcomer.id(), admin.token()).status())
                .isEqualTo(204);
        assertThat(api.get("/api/conversations/" + group, newcomer.token()).status()).isEqualTo(404);
        assertThat(api.delete("/api/conversations/" + group + "/members/" + newcomer.id(), admin.token()).status())
                .isEqualTo(404);
        assertThat(memberIds(admin, group)).containsExactly(admin.id(), member.id());
    }

    @Test
    void whenTheLastAdminLeavesTheOldestMemberBecomesAdminAndTheLastOneOutEndsTheGroup() {
        Account admin = api.register("Admin");
        Account oldest = api.register("Oldest");
        Account younger = api.register("Younger");
        UUID group = api.group(admin, "handover", oldest);
        addMember(admin, group, younger);

        assertThat(api.delete("/api/conversations/" + group + "/members/" + admin.id(), admin.token()).status())
                .isEqualTo(204);
        JsonNode after = api.get("/api/conversations/" + group, younger.token()).body();
        assertThat(memberEntry(after, oldest.id()).get("role").asText()).isEqualTo("admin");
        assertThat(memberEntry(after, younger.id()).get("role").asText()).isEqualTo("member");
        assertThat(api.get("/api/conversations/" + group, admin.token()).status()).isEqualTo(404);

        assertThat(api.delete("/api/conversations/" + group + "/members/" + younger.id(), younger.token()).status())
                .isEqualTo(204);
        assertThat(api.delete("/api/conversations/" + group + "/members/" + oldest.id(), oldest.token()).status())
                .isEqualTo(204);
        assertThat(api.get("/api/conversations/" + group, oldest.token()).status()).isEqualTo(404);
        assertThat(api.get("/api/conversations", oldest.token()).body().get("items")).isEmpty();
    }

    @Test
    void aDirectConversationIsUniquePerPairAndNobodyLeavesIt() {
        Account ann = api.register("Ann");
        Account bob = api.register("Bob");

        var created = api.post("/api/conversations", Map.of("memberIds", List.of(bob.id().toString()), "isGroup", false),
                ann.token());
        var again = api.post("/api/conversations", Map.of("memberIds", List.of(ann.id().toString()), "isGroup", false),
                bob.token());
        var leave = api.delete("/api/conversations/" + created.body().get("id").asText() + "/members/" + ann.id(),
                ann.token());

        assertThat(created.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("id")).isEqualTo(created.body().get("id"));
        assertThat(leave.status()).isEqualTo(400);
        assertThat(addMember(ann, UUID.fromString(created.body().get("id").asText()), api.register("Third")).status())
                .isEqualTo(400);
    }

    private static JsonNode send(Account sender, UUID conversationId, String body) {
        var reply = api.post("/api/messages", Map.of("conversationId", conversationId.toString(),
                "clientMessageId", UUID.randomUUID().toString(), "body", body), sender.token());
        assertThat(reply.status()).isEqualTo(201);
        return reply.body();
    }

    private static int read(Account reader, UUID conversationId, long seq) {
        return api.post("/api/conversations/" + conversationId + "/read", Map.of("seq", seq), reader.token()).status();
    }

    private static long unread(Account reader, UUID conversationId) {
        return api.get("/api/conversations/" + conversationId, reader.token()).body().get("unreadCount").asLong();
    }

    private static long lastReadSeq(Account reader, UUID conversationId) {
        return memberEntry(api.get("/api/conversations/" + conversationId, reader.token()).body(), reader.id())
                .get("lastReadSeq").asLong();
    }

    private static Api.Reply addMember(Account actor, UUID conversationId, Account newcomer) {
        return api.post("/api/conversations/" + conversationId + "/members", Map.of("userId", newcomer.id().toString()),
                actor.token());
    }

    private static JsonNode onlyItem(Account reader) {
        JsonNode items = api.get("/api/conversations", reader.token()).body().get("items");
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    private static JsonNode memberEntry(JsonNode conversation, UUID userId) {
        return StreamSupport.stream(conversation.get("members").spliterator(), false)
                .filter(m -> m.at("/user/id").asText().equals(userId.toString()))
                .findFirst().orElseThrow(() -> new AssertionError(userId + " is not a member: " + conversation));
    }

    private static List<UUID> memberIds(Account reader, UUID conversationId) {
        JsonNode conversation = api.get("/api/conversations/" + conversationId, reader.token()).body();
        return StreamSupport.stream(conversation.get("members").spliterator(), false)
                .map(m -> UUID.fromString(m.at("/user/id").asText())).toList();
    }

    private static List<UUID> ids(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> UUID.fromString(n.get("id").asText())).toList();
    }
}
