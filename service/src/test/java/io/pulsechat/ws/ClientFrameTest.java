package io.pulsechat.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.pulsechat.core.ChatException;
import io.pulsechat.core.ErrorCode;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Each bad frame gets the same `bad_request` it got when FrameHandler read the fields by hand. */
class ClientFrameTest {
    private static final ObjectMapper JSON = Jackson.newObjectMapper();
    private static final UUID CHAT = UUID.randomUUID();

    @Test
    void eachTypeReadsIntoItsRecord() {
        assertThat(read("{\"clientMessageId\":\"c\",\"body\":\"hi\",\"type\":\"send-message\",\"conversationId\":\"" + CHAT + "\"}"))
                .isEqualTo(new ClientFrame.SendMessage(CHAT, "c", "hi"));
        assertThat(read("{\"type\":\"sync\",\"conversationId\":\"" + CHAT + "\",\"afterSeq\":3,\"limit\":20}"))
                .isEqualTo(new ClientFrame.Sync(CHAT, 3, 20));
        assertThat(read("{\"type\":\"sync\",\"conversationId\":\"" + CHAT + "\",\"afterSeq\":0}"))
                .isEqualTo(new ClientFrame.Sync(CHAT, 0, null));
        assertThat(read("{\"type\":\"typing\",\"conversationId\":\"" + CHAT + "\",\"extra\":1}"))
                .isEqualTo(new ClientFrame.Typing(CHAT));
        assertThat(read("{\"type\":\"read\",\"conversationId\":\"" + CHAT + "\",\"seq\":7}"))
                .isEqualTo(new ClientFrame.Read(CHAT, 7));
        assertThat(read("{\"type\":\"ping\"}")).isEqualTo(new ClientFrame.Ping());
    }

    @Test
    void badFramesAreRefusedWithTheirReason() {
        refused("not json", "a frame must be a JSON object");
        refused("[1,2]", "a frame must be a JSON object");
        refused("{\"no\":\"type\"}", "type is required (a string)");
        refused("{\"type\":7}", "type is required (a string)");
        refused("{\"type\":\"dance\"}", "unknown frame type");
        refused("{\"type\":\"send-message\",\"conversationId\":\"" + CHAT + "\",\"clientMessageId\":\"c\"}",
                "body is required (a string)");
        refused("{\"type\":\"send-message\",\"conversationId\":\"" + CHAT + "\",\"clientMessageId\":\"c\",\"body\":5}",
                "body is required (a string)");
        refused("{\"type\":\"send-message\",\"body\":5,\"conversationId\":\"nope\",\"clientMessageId\":\"c\"}",
                "conversationId must be a UUID");
        refused("{\"type\":\"sync\",\"conversationId\":\"" + CHAT + "\",\"afterSeq\":-1}", "afterSeq must be a number >= 0");
        refused("{\"type\":\"sync\",\"conversationId\":\"" + CHAT + "\",\"afterSeq\":\"5\"}", "afterSeq must be a number >= 0");
        refused("{\"type\":\"sync\",\"conversationId\":\"" + CHAT + "\",\"afterSeq\":1.5}", "afterSeq must be a number >= 0");
        refused("{\"type\":\"sync\",\"conversationId\":\"" + CHAT + "\",\"afterSeq\":0,\"limit\":0}", "limit must be a number >= 1");
        refused("{\"type\":\"read\",\"conversationId\":\"" + CHAT + "\",\"seq\":-1}", "seq must be a number >= 0");
        refused("{\"type\":\"typing\"}", "conversationId is required (a string)");
    }

    private static ClientFrame read(String text) {
        return FrameFields.frame(JSON, FrameFields.parse(JSON, text));
    }

    private static void refused(String text, String reason) {
        assertThatThrownBy(() -> read(text)).as(text).isInstanceOfSatisfying(ChatException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(e.getMessage()).isEqualTo(reason);
        });
    }
}
