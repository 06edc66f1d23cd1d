package io.pulsechat.compat.rest;

import com.codahale.metrics.annotation.Timed;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dropwizard.auth.Auth;
import io.pulsechat.api.StorableText;
import io.pulsechat.auth.ChatPrincipal;
import io.pulsechat.db.CompatDao;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jdbi.v3.core.Jdbi;

/**
 * The frontend's user search, `GET /api/users/all`. A root resource of its own: its longer literal
 * path is what makes JAX-RS choose it over `GET /api/users/{id}`.
 */
@Path("/api/users/all")
@Produces(MediaType.APPLICATION_JSON)
public class CompatUserSearchResource {
    private final CompatDao dao;
    private final ObjectMapper json;

    public CompatUserSearchResource(Jdbi jdbi, ObjectMapper json) {
        this.dao = jdbi.onDemand(CompatDao.class);
        this.json = json;
    }

    @GET
    @Timed
    public ObjectNode users(@Auth ChatPrincipal principal,
                            @QueryParam("query") @Size(max = 254) @StorableText String query,
                            @QueryParam("pageNumber") String pageNumber) {
        long page = parsePage(pageNumber);
        ObjectNode answer = json.createObjectNode();
        ArrayNode users = answer.putArray("users");
        dao.searchUsers(principal.userId(), query == null ? "" : query.strip(), CompatChatResource.PAGE_SIZE,
                (page - 1) * CompatChatResource.PAGE_SIZE).forEach(u -> users.addObject().put("id", u.id().toString())
                .put("name", u.name()).put("image", u.image()).put("createdAt", u.createdAt().toString()));
        return answer;
    }

    private static long parsePage(String pageNumber) {
        if (pageNumber == null || pageNumber.isBlank()) {
            return 1;
        }
        if (!pageNumber.trim().matches("[1-9][0-9]{0,6}")) {
            throw new WebApplicationException("pageNumber must be a number >= 1", Response.Status.BAD_REQUEST);
        }
        return Long.parseLong(pageNumber.trim());
    }
}
