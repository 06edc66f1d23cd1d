package io.pulsechat.ws;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.DataSizeUnit;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDataSize;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDataSize;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

public class WebSocketSettings {
    /** A larger text frame closes the session with 1009. */
    @NotNull @MinDataSize(value = 1, unit = DataSizeUnit.KIBIBYTES) @MaxDataSize(value = 16, unit = DataSizeUnit.MEBIBYTES)
    @JsonProperty private DataSize maxFrameSize = DataSize.kibibytes(64);
    /**
     * Jetty's read buffer per connection, and the capacity each incoming text message's decoder starts
     * with: Jetty's default of 4 KiB allocated 4 KiB per client frame of ~200 bytes (bench/TUNING.md).
     * A larger frame is read in several reads and its decoder grows.
     */
    @NotNull @MinDataSize(value = 256, unit = DataSizeUnit.BYTES) @MaxDataSize(value = 64, unit = DataSizeUnit.KIBIBYTES)
    @JsonProperty private DataSize inputBufferSize = DataSize.bytes(512);
    /** A session that sends nothing (not even a pong to our pings) for this long is closed. */
    @NotNull @MinDuration(value = 5, unit = TimeUnit.SECONDS) @MaxDuration(value = 1, unit = TimeUnit.HOURS)
    @JsonProperty private Duration idleTimeout = Duration.seconds(60);
    /** How often each session is pinged; below idleTimeout, so that a live client's pong keeps it open. */
    @NotNull @MinDuration(value = 1, unit = TimeUnit.SECONDS) @MaxDuration(value = 10, unit = TimeUnit.MINUTES)
    @JsonProperty private Duration pingInterval = Duration.seconds(20);
    /** Frames written but not yet taken by a slow client; past this the client is disconnected. */
    @Min(16) @Max(1_000_000) @JsonProperty private int maxQueuedFrames = 2000;
    /** Refused (rate-limited) frames in a row after which a flooding session is closed with 1008. */
    @Min(1) @Max(100_000) @JsonProperty private int floodStrikes = 50;
    /** The most messages one `sync` answers with (a client may ask for fewer). */
    @Min(1) @Max(10_000) @JsonProperty private int maxSyncLimit = 200;
    /** `typing` frames a user may send per second (the burst is the same). */
    @Min(1) @JsonProperty private int typingPerSecond = 5;
    /** `read` frames a user may send per second, and the burst above that. */
    @Min(1) @JsonProperty private int readsPerSecond = 10;
    @Min(1) @JsonProperty private int readBurst = 20;
    /** WebSocket connections a user may open per second, and the burst above that. */
    @Min(1) @JsonProperty private int connectsPerSecond = 2;
    @Min(1) @JsonProperty private int connectBurst = 10;
    /** How often a node renews its presence leases and ends the expired leases of dead nodes. */
    @NotNull @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS) @MaxDuration(value = 10, unit = TimeUnit.MINUTES)
    @JsonProperty private Duration presenceRefresh = Duration.seconds(10);
    /** How long a lease lasts unrenewed: a crashed node's users go offline after at most this. */
    @NotNull @MinDuration(value = 200, unit = TimeUnit.MILLISECONDS) @MaxDuration(value = 1, unit = TimeUnit.HOURS)
    @JsonProperty private Duration presenceTtl = Duration.seconds(30);
    /**
     * Gather the frames one bus event brings to a session and write them together (one system call
     * instead of one per frame). Off: every frame is written as it comes; kept to measure the two.
     */
    @JsonProperty private boolean batchDeliveries = true;
    /** Threads that answer `sync`, `typing` and `read` frames off the Jetty threads (PostgreSQL and Redis work). */
    @Min(1) @Max(64) @JsonProperty private int queryThreads = 4;

    public DataSize getMaxFrameSize() { return maxFrameSize; }
    public DataSize getInputBufferSize() { return inputBufferSize; }
    public Duration getIdleTimeout() { return idleTimeout; }
    public Duration getPingInterval() { return pingInterval; }
    public int getMaxQueuedFrames() { return maxQueuedFrames; }
    public int getFloodStrikes() { return floodStrikes; }
    public int getMaxSyncLimit() { return maxSyncLimit; }
    public int getTypingPerSecond() { return typingPerSecond; }
    public int getReadsPerSecond() { return readsPerSecond; }
    public int getReadBurst() { return readBurst; }
    public int getConnectsPerSecond() { return connectsPerSecond; }
    public int getConnectBurst() { return connectBurst; }
    public Duration getPresenceRefresh() { return presenceRefresh; }
    public Duration getPresenceTtl() { return presenceTtl; }
    public boolean isBatchDeliveries() { return batchDeliveries; }
    public int getQueryThreads() { return queryThreads; }

    @ValidationMethod(message = "websocket.presenceTtl must be at least twice websocket.presenceRefresh")
    @JsonIgnore
    public boolean isPresenceTtlLongEnough() {
        return presenceTtl.toMilliseconds() >= 2 * presenceRefresh.toMilliseconds();
    }

    @ValidationMethod(message = "websocket.pingInterval must be shorter than websocket.idleTimeout")
    @JsonIgnore
    public boolean isPingIntervalBelowIdleTimeout() {
        return pingInterval.toMilliseconds() < idleTimeout.toMilliseconds();
    }
}
