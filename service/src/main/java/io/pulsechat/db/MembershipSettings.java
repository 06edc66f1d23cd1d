package io.pulsechat.db;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.benmanes.caffeine.cache.Ticker;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** The cache of conversation members (`memberships:` in chat.yml): see {@link CachedMemberships}. */
public class MembershipSettings {
    /** After this, an entry is read again from PostgreSQL in the background (it bounds a missed invalidation). */
    @NotNull @MinDuration(value = 1, unit = TimeUnit.SECONDS) @MaxDuration(value = 1, unit = TimeUnit.HOURS)
    @JsonProperty private Duration fresh = Duration.seconds(30);
    /** While PostgreSQL is unreachable, an entry is still used until this long after it was last read. */
    @NotNull @MinDuration(value = 1, unit = TimeUnit.SECONDS) @MaxDuration(value = 1, unit = TimeUnit.DAYS)
    @JsonProperty private Duration maxStale = Duration.minutes(10);
    /** How long a send waits for the members of a conversation the cache does not hold before `unavailable`. */
    @NotNull @MinDuration(value = 50, unit = TimeUnit.MILLISECONDS) @MaxDuration(value = 30, unit = TimeUnit.SECONDS)
    @JsonProperty private Duration lookupDeadline = Duration.seconds(1);
    /** Threads that look members up in PostgreSQL for the cache (off the Jetty threads). */
    @Min(1) @Max(32) @JsonProperty private int loaderThreads = 2;

    public int getLoaderThreads() { return loaderThreads; }

    @ValidationMethod(message = "memberships.maxStale must be longer than memberships.fresh")
    @JsonIgnore
    public boolean isMaxStaleLongerThanFresh() {
        return maxStale.toMilliseconds() > fresh.toMilliseconds();
    }

    /** {@code loader}: the threads that read PostgreSQL, never a thread that reads client frames. */
    public CachedMemberships build(MemberDao members, Executor loader) {
        return new CachedMemberships(members::memberIds, loader, java.time.Duration.ofMillis(fresh.toMilliseconds()),
                java.time.Duration.ofMillis(maxStale.toMilliseconds()),
                java.time.Duration.ofMillis(lookupDeadline.toMilliseconds()), Ticker.systemTicker());
    }
}
