package io.pulsechat.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class ChatExceptionTest {
    @Test
    void aFailedSendTellsTheRefusalItCarriesThroughAFuture() {
        var refusal = ChatException.notFound("conversation");

        assertThat(ChatException.ofFailedSend(new CompletionException(refusal))).isSameAs(refusal);
        assertThat(ChatException.ofFailedSend(new ExecutionException(refusal))).isSameAs(refusal);
        assertThat(ChatException.ofFailedSend(refusal)).isSameAs(refusal);
    }

    @Test
    void anyOtherFailureOfASendIsUnavailable() {
        ChatException answer = ChatException.ofFailedSend(new CompletionException(new IllegalStateException("the log is unreachable")));

        assertThat(answer.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(answer.getMessage()).isEqualTo("the message could not be accepted; retry");
    }
}
