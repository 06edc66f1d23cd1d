package io.pulsechat.resources;

import com.codahale.metrics.annotation.Timed;
import io.dropwizard.auth.Auth;
import io.pulsechat.api.UpdateMeRequest;
import io.pulsechat.api.User;
import io.pulsechat.auth.ChatPrincipal;
import io.pulsechat.core.Account;
import io.pulsechat.db.UserDao;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/users/me")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MeResource {
    private final UserDao users;

    public MeResource(UserDao users) {
        this.users = users;
    }

    @GET
    @Timed
    public User me(@Auth ChatPrincipal principal) {
        return users.findById(principal.userId()).map(Account::toUser)
                .orElseThrow(() -> new NotFoundException("user not found"));
    }

    @PATCH
    @Timed
    public User update(@Auth ChatPrincipal principal, @NotNull @Valid UpdateMeRequest request) {
        String name = request.name() == null ? null : request.name().strip();
        return users.update(principal.userId(), name, request.image()).map(Account::toUser)
                .orElseThrow(() -> new NotFoundException("user not found"));
    }
}
