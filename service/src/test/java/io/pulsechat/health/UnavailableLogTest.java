package io.pulsechat.health;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.ConnectException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class UnavailableLogTest {
    @Test
    void oneLinePerKindOfFailureNamingWhatFailsAndWhyWithoutCredentials() {
        var logger = (Logger) LoggerFactory.getLogger("io.pulsechat.health.UnavailableLogTest.frames");
        var lines = new ListAppender<ILoggingEvent>();
        lines.start();
        logger.addAppender(lines);
        var failures = new UnavailableLog(logger, "frames");

        failures.failed(new CompletionException(new ConnectException("redis://u:secret@cache:6379 refused")));
        failures.failed(new CompletionException(new ConnectException("refused again")));
        failures.failed(new SQLTransientConnectionException("pool exhausted"));

        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "frames fail with java.net.ConnectException; answering them `unavailable` (this line repeats once a "
                        + "minute at most): ConnectException: redis://***@cache:6379 refused",
                "frames fail with java.sql.SQLTransientConnectionException; answering them `unavailable` (this line "
                        + "repeats once a minute at most): SQLTransientConnectionException: pool exhausted");
    }
}
