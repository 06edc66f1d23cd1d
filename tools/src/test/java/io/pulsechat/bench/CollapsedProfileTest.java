package io.pulsechat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollapsedProfileTest {
    @TempDir Path dir;

    @Test
    void sumsSelfTimeOurFramesAndThreadsFromCollapsedStacks() throws Exception {
        Path file = dir.resolve("node.collapsed");
        Files.writeString(file, String.join("\n",
                "[dw-12 tid=100];java/lang/Thread.run;io/pulsechat/ws/ChatSocket.onWebSocketText;"
                        + "io/pulsechat/core/MessageService.send;org/apache/kafka/clients/producer/KafkaProducer.send 30",
                "[dw-13 tid=101];java/lang/Thread.run;io/pulsechat/ws/ChatSocket.onWebSocketText;finish_task_switch_[k] 10",
                "[redis-subscriber tid=7];java/lang/Thread.run;io/pulsechat/ws/LocalDelivery$$Lambda.0x00007f10305b6138.accept;"
                        + "finish_task_switch_[k] 50",
                "[C2 CompilerThread0 tid=9];PhaseChaitin::Split 10",
                ""));

        var profile = CollapsedProfile.read(file, 2);

        assertThat(profile.samples()).isEqualTo(100);
        assertThat(profile.topFrames()).extracting(JfrTopFrames.Count::frame)
                .containsExactly("finish_task_switch_[k]", "org.apache.kafka.clients.producer.KafkaProducer.send");
        assertThat(profile.topFrames().get(0).percent()).isEqualTo(60.0);
        assertThat(profile.ourFrames()).extracting(JfrTopFrames.Count::frame)
                .containsExactly("io.pulsechat.ws.LocalDelivery$$Lambda.accept", "io.pulsechat.core.MessageService.send");
        assertThat(profile.threads()).containsExactly(
                org.assertj.core.api.Assertions.entry("redis-subscriber", 50L),
                org.assertj.core.api.Assertions.entry("dw-N", 40L),
                org.assertj.core.api.Assertions.entry("CN CompilerThreadN", 10L));
    }
}
