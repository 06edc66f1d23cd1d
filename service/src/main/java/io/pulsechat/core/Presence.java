package io.pulsechat.core;

import java.util.Collection;
import java.util.Set;
import java.util.UUID;

/** Who has an open session on some node right now, as far as unexpired leases tell. */
public interface Presence {
    /** The online ones among the given users; none when it cannot tell (presence is never worth a failed request). */
    Set<UUID> online(Collection<UUID> userIds);
}
