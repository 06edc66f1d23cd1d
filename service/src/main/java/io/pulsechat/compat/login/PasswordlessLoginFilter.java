package io.pulsechat.compat.login;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * `POST /api/auth/login` serves two logins: a body with a `password` goes on to the contract's
 * password login untouched; one without is the frontend's passwordless login.
 */
public class PasswordlessLoginFilter implements Filter {
    private static final int MAX_BODY = 64 * 1024;

    private final PasswordlessLogin login;
    private final ObjectMapper json;

    public PasswordlessLoginFilter(PasswordlessLogin login, ObjectMapper json) {
        this.login = login;
        this.json = json;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        var request = (HttpServletRequest) req;
        var response = (HttpServletResponse) res;
        if (!"POST".equals(request.getMethod())) {
            chain.doFilter(req, res);
            return;
        }
        byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
            return;
        }
        JsonNode parsed = parse(body);
        if (parsed == null || !parsed.isObject() || parsed.has("password")) {
            chain.doFilter(new Replayed(request, body), res);
            return;
        }
        PasswordlessLogin.Outcome outcome = login.login(request.getRemoteAddr(), request.getHeader("X-Login-Secret"), parsed);
        response.setStatus(outcome.status());
        response.setContentType("application/json");
        json.writeValue(response.getOutputStream(), outcome.body());
    }

    private JsonNode parse(byte[] body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            // Not JSON: the contract's login answers it as it answers any bad body.
            return null;
        }
    }

    /** The request with its body, already read here, readable again. */
    private static final class Replayed extends HttpServletRequestWrapper {
        private final byte[] body;

        Replayed(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            var in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already in memory");
                }
            };
        }
    }
}
