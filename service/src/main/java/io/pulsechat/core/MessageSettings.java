package io.pulsechat.core;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

public class MessageSettings {
    /** The longest clientMessageId the database stores (its column); the setting below may only lower it. */
    public static final int CLIENT_MESSAGE_ID_COLUMN_LENGTH = 255;

    @Min(1) @Max(100_000) @JsonProperty private int maxBodyLength = 4000;
    @Min(1) @Max(CLIENT_MESSAGE_ID_COLUMN_LENGTH) @JsonProperty private int maxClientMessageIdLength = 64;
    /** How long `POST /api/messages` waits for the message to be stored before answering 202. */
    @NotNull @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS) @MaxDuration(value = 1, unit = TimeUnit.MINUTES)
    @JsonProperty private Duration persistWait = Duration.seconds(5);
    /** Sends a user may make per second on one node, and the burst above that. */
    @Min(1) @JsonProperty private int sendsPerSecond = 200;
    @Min(1) @JsonProperty private int sendBurst = 400;

    public int getMaxBodyLength() { return maxBodyLength; }
    public int getMaxClientMessageIdLength() { return maxClientMessageIdLength; }
    public Duration getPersistWait() { return persistWait; }
    public int getSendsPerSecond() { return sendsPerSecond; }
    public int getSendBurst() { return sendBurst; }
}
