package io.pulsechat.resources;

import com.codahale.metrics.annotation.ExceptionMetered;
import com.codahale.metrics.annotation.Timed;
import io.pulsechat.api.AuthResponse;
import io.pulsechat.api.LoginRequest;
import io.pulsechat.api.RegisterRequest;
import io.pulsechat.auth.JwtService;
import io.pulsechat.auth.PasswordHasher;
import io.pulsechat.core.Account;
import io.pulsechat.core.Colors;
import io.pulsechat.db.UserDao;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

@Path("/api/auth")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AuthResource {
    private final UserDao users;
    private final PasswordHasher passwords;
    private final JwtService jwt;
    private final AuthThrottle throttle;

    public AuthResource(UserDao users, PasswordHasher passwords, JwtService jwt, AuthThrottle throttle) {
        this.users = users;
        this.passwords = passwords;
        this.jwt = jwt;
        this.throttle = throttle;
    }

    @POST
    @Path("/register")
    @Timed
    @ExceptionMetered
    public Response register(@Context HttpServletRequest http, @NotNull @Valid RegisterRequest request) {
        throttle.registration(http.getRemoteAddr());
        Account account = users.insert(UUID.randomUUID(), request.name().strip(), request.email().strip(),
                        passwords.hash(request.password()), Colors.random())
                .orElseThrow(() -> new WebApplicationException("email is already registered", Response.Status.CONFLICT));
        return Response.status(Response.Status.CREATED).entity(authenticated(account)).build();
    }

    @POST
    @Path("/login")
    @Timed
    @ExceptionMetered
    public AuthResponse login(@Context HttpServletRequest http, @NotNull @Valid LoginRequest request) {
        throttle.login(http.getRemoteAddr(), request.email());
        var account = users.findByEmail(request.email().strip());
        boolean matches = passwords.matches(request.password(), account.map(Account::passwordHash).orElse(null));
        if (!matches) {
            throw new WebApplicationException("invalid email or password", Response.Status.UNAUTHORIZED);
        }
        return authenticated(account.orElseThrow());
    }

    private AuthResponse authenticated(Account account) {
        return new AuthResponse(jwt.issue(account.id()), account.toUser());
    }
}
