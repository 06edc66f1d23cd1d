package io.pulsechat.db;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.pulsechat.core.ChatException;
import io.pulsechat.core.ErrorCode;
import io.pulsechat.core.Memberships;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Each conversation's member set, cached for the send path and the ephemeral events. Membership
 * changes invalidate a conversation on every node; the refresh bounds what a missed invalidation costs.
 *
 * <p>Stale-while-revalidate: an entry older than {@code fresh} is still answered at once while it is
 * read again from PostgreSQL on {@code loader}, so a PostgreSQL outage does not stop sends to the
 * conversations in use; it stays usable up to {@code maxStale} after it was last read. Only a
 * conversation the cache does not know waits for PostgreSQL, for {@code lookupDeadline} at most, and
 * gets `unavailable` past it.
 */
public class CachedMemberships implements Memberships {
    private final AsyncLoadingCache<UUID, Set<UUID>> cache;
    private final Duration lookupDeadline;

    /** {@code memberIds}: reads a conversation's members from PostgreSQL; {@code ticker}: the cache's clock. */
    CachedMemberships(Function<UUID, List<UUID>> memberIds, Executor loader, Duration fresh, Duration maxStale,
                      Duration lookupDeadline, Ticker ticker) {
        this.lookupDeadline = lookupDeadline;
        this.cache = Caffeine.newBuilder()
                .maximumSize(50_000)
                .refreshAfterWrite(fresh)
                .expireAfterWrite(maxStale)
                .executor(loader)
                .ticker(ticker)
                .buildAsync(id -> Set.copyOf(memberIds.apply(id)));
    }

    @Override
    public boolean isMember(UUID conversationId, UUID userId) {
        return memberIds(conversationId).contains(userId);
    }

    @Override
    public Set<UUID> memberIds(UUID conversationId) {
        try {
            return cache.get(conversationId).get(lookupDeadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ChatException(ErrorCode.UNAVAILABLE, "temporarily unavailable; retry");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new CompletionException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChatException(ErrorCode.UNAVAILABLE, "temporarily unavailable; retry");
        }
    }

    @Override
    public void invalidate(UUID conversationId) {
        cache.synchronous().invalidate(conversationId);
    }
}
