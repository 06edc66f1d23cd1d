package io.pulsechat.resources;

import io.dropwizard.jersey.errors.ErrorMessage;
import io.pulsechat.core.ChatException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** Our refusals in Dropwizard's error shape, `{"code": 404, "message": "..."}`. */
public class ChatExceptionMapper implements ExceptionMapper<ChatException> {
    @Override
    public Response toResponse(ChatException e) {
        int status = e.code().httpStatus();
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorMessage(status, e.getMessage())).build();
    }
}
