package io.pulsechat.core;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Min;

/**
 * Limits against abuse from one client address or one account. Addresses are the TCP peer's:
 * behind a proxy every client shares its address, so raise the per-address limits there.
 */
public class AbuseSettings {
    /** Login attempts per email address per minute (guessing a password is slow). */
    @Min(1) @JsonProperty private int loginsPerMinutePerAccount = 10;
    @Min(1) @JsonProperty private int loginsPerMinutePerAddress = 60;
    @Min(1) @JsonProperty private int registrationsPerMinutePerAddress = 30;
    /** Sends per second from one address, all its users together. */
    @Min(1) @JsonProperty private int sendsPerSecondPerAddress = 1000;
    /** Open WebSocket sessions of one user on one node. */
    @Min(1) @JsonProperty private int sessionsPerUser = 20;

    public int getLoginsPerMinutePerAccount() { return loginsPerMinutePerAccount; }
    public int getLoginsPerMinutePerAddress() { return loginsPerMinutePerAddress; }
    public int getRegistrationsPerMinutePerAddress() { return registrationsPerMinutePerAddress; }
    public int getSendsPerSecondPerAddress() { return sendsPerSecondPerAddress; }
    public int getSessionsPerUser() { return sessionsPerUser; }
}
