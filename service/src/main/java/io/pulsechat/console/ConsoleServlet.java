package io.pulsechat.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The console on the admin port: a page, its script and style from the jar, and `api/state`, which
 * the page polls every second. Read-only: GET and HEAD only; every other method is 405. The page
 * loads nothing from elsewhere (the Content-Security-Policy says so to the browser).
 */
public final class ConsoleServlet extends HttpServlet {
    private static final String RESOURCES = "/io/pulsechat/console/";
    private static final Map<String, String> ASSETS = Map.of(
            "index.html", "text/html; charset=utf-8",
            "console.js", "text/javascript; charset=utf-8",
            "console.css", "text/css; charset=utf-8");

    private final transient ConsoleMonitor monitor;
    private final transient ObjectMapper json;

    public ConsoleServlet(ConsoleMonitor monitor, ObjectMapper json) {
        this.monitor = monitor;
        this.json = json;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        response.setHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        if (path == null) {
            // Relative links in the page resolve against /console/, wherever the admin context is mounted.
            response.sendRedirect(request.getRequestURI() + "/");
        } else if (path.equals("/")) {
            asset("index.html", response);
        } else if (path.equals("/api/state")) {
            state(request, response);
        } else if (ASSETS.containsKey(path.substring(1))) {
            asset(path.substring(1), response);
        } else {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    private void state(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long after;
        try {
            String since = request.getParameter("since");
            after = since == null ? 0 : Long.parseLong(since);
        } catch (NumberFormatException e) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "since must be epoch milliseconds");
            return;
        }
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        json.writeValue(response.getOutputStream(), monitor.state(after));
    }

    private static void asset(String name, HttpServletResponse response) throws IOException {
        try (InputStream in = ConsoleServlet.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("console asset missing from the jar: " + name);
            }
            response.setContentType(ASSETS.get(name));
            response.setHeader("Cache-Control", "no-cache");
            in.transferTo(response.getOutputStream());
        }
    }
}
