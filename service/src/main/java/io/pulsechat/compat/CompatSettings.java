package io.pulsechat.compat;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import io.pulsechat.server.TrustedNetworks;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** `compat:` in chat.yml: the original PulseChat frontend's surface, off unless switched on. */
public class CompatSettings {
    public static class Frontend {
        @JsonProperty private boolean enabled = false;

        public boolean isEnabled() { return enabled; }
    }

    @Valid @NotNull @JsonProperty private Frontend pulsechatFrontend = new Frontend();
    /** Peers (CIDR) whose passwordless logins are trusted: the frontend's Next.js server. */
    @NotNull @JsonProperty private List<String> trustedLoginNetworks = List.of("127.0.0.0/8", "::1/128");
    /** When set, a passwordless login must also carry it in `X-Login-Secret`. */
    @JsonProperty private String loginSecret;
    /**
     * How long a dropped Socket.IO connection can come back with its rooms and missed messages. The
     * frontend never JOINs again by itself, so this covers a laptop asleep overnight.
     */
    @NotNull @MinDuration(value = 1, unit = TimeUnit.MINUTES) @MaxDuration(value = 30, unit = TimeUnit.DAYS)
    @JsonProperty private Duration recoveryWindow = Duration.hours(24);
    /** The most messages a recovery replays per room: the newest ones; older ones stay in the history. */
    @Min(1) @Max(100_000) @JsonProperty private int recoveryReplayLimit = 500;
    /** How long the passwordless login's tokens last: as long as the frontend's next-auth session. */
    @NotNull @MinDuration(value = 1, unit = TimeUnit.MINUTES) @MaxDuration(value = 365, unit = TimeUnit.DAYS)
    @JsonProperty private Duration tokenTtl = Duration.days(30);

    public boolean isFrontendEnabled() { return pulsechatFrontend.isEnabled(); }
    public List<String> getTrustedLoginNetworks() { return trustedLoginNetworks; }
    public String getLoginSecret() { return loginSecret == null || loginSecret.isEmpty() ? null : loginSecret; }
    public java.time.Duration getRecoveryWindow() { return java.time.Duration.ofMillis(recoveryWindow.toMilliseconds()); }
    public int getRecoveryReplayLimit() { return recoveryReplayLimit; }
    public java.time.Duration getTokenTtl() { return java.time.Duration.ofMillis(tokenTtl.toMilliseconds()); }

    /** Checked when the configuration is read, so a typo stops the node at start even with compat off. */
    @ValidationMethod(message = "compat.trustedLoginNetworks must be CIDRs, e.g. 10.0.0.0/8, 192.168.1.10 or fd00::/8")
    @JsonIgnore
    public boolean isEveryTrustedLoginNetworkACidr() {
        try {
            new TrustedNetworks(trustedLoginNetworks);
            return true;
        } catch (IllegalArgumentException notACidr) {
            return false;
        }
    }
}
