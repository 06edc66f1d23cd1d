package io.pulsechat.resources;

import com.codahale.metrics.annotation.Timed;
import io.dropwizard.auth.Auth;
import io.pulsechat.api.Page;
import io.pulsechat.api.PublicUser;
import io.pulsechat.api.StorableText;
import io.pulsechat.auth.ChatPrincipal;
import io.pulsechat.core.ChatException;
import io.pulsechat.core.PageCursor;
import io.pulsechat.core.PageRows;
import io.pulsechat.core.Presence;
import io.pulsechat.core.Profile;
import io.pulsechat.db.UserDao;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;

/** Finding people: public profiles only, never an email, even when the search was by email. */
@Path("/api/users")
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {
    private final UserDao users;
    private final Presence presence;

    public UserResource(UserDao users, Presence presence) {
        this.users = users;
        this.presence = presence;
    }

    /** A name containing the query (any case), or exactly the email; everyone but the caller, by name. */
    @GET
    @Timed
    public Page<PublicUser> search(@Auth ChatPrincipal principal,
                                   @QueryParam("query") @DefaultValue("") @Size(max = 254) @StorableText String query,
                                   @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit,
                                   @QueryParam("cursor") String cursor) {
        PageCursor after = cursor == null ? null : PageCursor.decode(cursor);
        var found = PageRows.of(users.search(principal.userId(), query.strip(), after, PageRows.toRead(limit)), limit);
        List<Profile> page = found.items();
        String next = found.hasMore() ? new PageCursor(page.get(limit - 1).name(), page.get(limit - 1).id()).encode() : null;
        return new Page<>(withPresence(page), next);
    }

    @GET
    @Path("/{id}")
    @Timed
    public PublicUser get(@Auth ChatPrincipal principal, @PathParam("id") UUID id) {
        Profile profile = users.findProfile(id).orElseThrow(() -> ChatException.notFound("user"));
        return profile.toPublicUser(!presence.online(List.of(id)).isEmpty());
    }

    private List<PublicUser> withPresence(List<Profile> profiles) {
        var online = presence.online(profiles.stream().map(Profile::id).toList());
        return profiles.stream().map(p -> p.toPublicUser(online.contains(p.id()))).toList();
    }
}
