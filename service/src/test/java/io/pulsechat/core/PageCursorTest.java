package io.pulsechat.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PageCursorTest {
    @Test
    void aTimeCursorComesBackToTheSameMicrosecondAndId() {
        Instant at = Instant.parse("2026-03-04T05:06:07.123456Z");
        UUID id = UUID.randomUUID();

        PageCursor decoded = PageCursor.decode(PageCursor.at(at, id).encode());

        assertThat(decoded.time()).isEqualTo(at);
        assertThat(decoded.id()).isEqualTo(id);
    }

    @Test
    void aNameKeyMayHoldTheSeparatorAndAnyText() {
        UUID id = UUID.randomUUID();
        String name = "Zoë | the \"best\" | 🙂";

        PageCursor decoded = PageCursor.decode(new PageCursor(name, id).encode());

        assertThat(decoded.key()).isEqualTo(name);
        assertThat(decoded.id()).isEqualTo(id);
    }

    @Test
    void theEncodingIsUrlSafe() {
        String encoded = new PageCursor("a?b/c+d=e", UUID.randomUUID()).encode();

        assertThat(encoded).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void anythingElseIsABadRequest() {
        String noId = Base64.getUrlEncoder().encodeToString("12345".getBytes());
        String badId = Base64.getUrlEncoder().encodeToString("12345|not-a-uuid".getBytes());
        String notATime = new PageCursor("Ann", UUID.randomUUID()).encode();

        for (String garbage : new String[] {"%%%", noId, badId}) {
            assertThatThrownBy(() -> PageCursor.decode(garbage))
                    .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
        }
        assertThatThrownBy(() -> PageCursor.decode(notATime).time())
                .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
    }
}
