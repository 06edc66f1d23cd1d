package io.pulsechat.ws;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

public class WebSocketSettings {
    /** A larger text frame closes the session with 1009. */
    @NotNull @JsonProperty private DataSize maxFrameSize = DataSize.kibibytes(64);
    /** A session that sends nothing (not even a pong to our pings) for this long is closed. */
    @NotNull @JsonProperty private Duration idleTimeout = Duration.seconds(60);
    @NotNull @JsonProperty private Duration pingInterval = Duration.seconds(20);
    /** Frames written but not yet taken by a slow client; past this the client is disconnected. */
    @Min(16) @JsonProperty private int maxQueuedFrames = 2000;
    /** Refused (rate-limited) frames in a row after which a flooding session is closed with 1008. */
    @Min(1) @JsonProperty private int floodStrikes = 50;
    @Min(1) @JsonProperty private int maxSyncLimit = 200;

    public DataSize getMaxFrameSize() { return maxFrameSize; }
    public Duration getIdleTimeout() { return idleTimeout; }
    public Duration getPingInterval() { return pingInterval; }
    public int getMaxQueuedFrames() { return maxQueuedFrames; }
    public int getFloodStrikes() { return floodStrikes; }
    public int getMaxSyncLimit() { return maxSyncLimit; }
}
