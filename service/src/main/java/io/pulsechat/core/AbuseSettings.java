package io.pulsechat.core;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Min;

/**
 * Limits against abuse from one client address or one account, per node. The address is the client's
 * as `server.trustedProxies` reveals it (the TCP peer when no proxy is trusted). Per-address limits are
 * token buckets: a burst that a crowd behind one NAT spends at once, then a steady rate that a script
 * cannot live on.
 */
public class AbuseSettings {
    /** Login attempts per email address per minute (guessing a password is slow). */
    @Min(1) @JsonProperty private int loginsPerMinutePerAccount = 10;
    @Min(1) @JsonProperty private int loginsPerMinutePerAddress = 60;
    @Min(1) @JsonProperty private int loginBurstPerAddress = 300;
    /** Sign-ups one address may make at once (an office or a school behind one NAT), then the steady rate. */
    @Min(1) @JsonProperty private int registrationBurstPerAddress = 300;
    @Min(1) @JsonProperty private int registrationsPerHourPerAddress = 120;
    /** Sends per second from one address, all its users together. */
    @Min(1) @JsonProperty private int sendsPerSecondPerAddress = 1000;
    /** Open WebSocket sessions of one user on one node. */
    @Min(1) @JsonProperty private int sessionsPerUser = 20;

    public int getLoginsPerMinutePerAccount() { return loginsPerMinutePerAccount; }
    public int getLoginsPerMinutePerAddress() { return loginsPerMinutePerAddress; }
    public int getLoginBurstPerAddress() { return loginBurstPerAddress; }
    public int getRegistrationBurstPerAddress() { return registrationBurstPerAddress; }
    public int getRegistrationsPerHourPerAddress() { return registrationsPerHourPerAddress; }
    public int getSendsPerSecondPerAddress() { return sendsPerSecondPerAddress; }
    public int getSessionsPerUser() { return sessionsPerUser; }
}
