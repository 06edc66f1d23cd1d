package io.pulsechat.compat.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.jackson.Jackson;
import org.junit.jupiter.api.Test;

class SioCodecTest {
    private final SioCodec codec = new SioCodec(Jackson.newObjectMapper());

    @Test
    void readsEventsWithAndWithoutAckIdsAndNamespaces() {
        SioPacket join = codec.decode("212[\"JOIN\",{\"room\":\"r\"}]").orElseThrow();
        assertThat(join.type()).isEqualTo(SioPacket.EVENT);
        assertThat(join.ackId()).isEqualTo(12L);
        assertThat(join.namespace()).isEqualTo("/");
        assertThat(join.data().get(1).get("room").asText()).isEqualTo("r");

        SioPacket connect = codec.decode("0/admin,{\"token\":\"t\"}").orElseThrow();
        assertThat(connect.namespace()).isEqualTo("/admin");
        assertThat(connect.ackId()).isNull();
        assertThat(codec.decode("1").orElseThrow().data()).isNull();
    }

    @Test
    void refusesBinaryAndMalformedPackets() {
        assertThat(codec.decode("51-[\"x\",{\"_placeholder\":true,\"num\":0}]")).isEmpty();
        assertThat(codec.decode("2[\"broken")).isEmpty();
        assertThat(codec.decode("")).isEmpty();
        assertThat(codec.decode("x")).isEmpty();
    }

    @Test
    void writesWhatItReads() {
        String text = "37[{\"error\":\"not_found\"}]";
        assertThat(codec.encode(codec.decode(text).orElseThrow())).isEqualTo(text);
    }
}
