package io.pulsechat.ws;

import jakarta.servlet.ServletContext;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServerContainer;
import org.eclipse.jetty.ee10.websocket.server.internal.JettyServerFrameHandlerFactory;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.websocket.api.ExtensionConfig;
import org.eclipse.jetty.websocket.api.UpgradeResponse;
import org.eclipse.jetty.websocket.common.JettyWebSocketFrameHandler;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.core.server.WebSocketServerComponents;

/**
 * Jetty's frame handler factory, except that each session keeps a copy of its upgrade response
 * rather than a view of it. Jetty 12.1.5 (still in 12.1.14) keeps `HttpFields.asMap(response.getHeaders())`
 * in every session's `CompletedUpgradeResponse`: a live view of the HTTP response that reaches
 * the whole upgrade exchange (the HTTP/1 connection and parser, the servlet request and response,
 * their headers and locks), about 5.6 KiB a session for as long as the session is open.
 */
public final class SettledUpgrades extends JettyServerFrameHandlerFactory {
    private SettledUpgrades(JettyWebSocketServerContainer container, WebSocketComponents components) {
        super(container, components);
    }

    /** A {@code JettyWebSocketServletContainerInitializer} configurator: takes the place of Jetty's factory. */
    public static void install(ServletContext context, JettyWebSocketServerContainer container) {
        WebSocketComponents components = WebSocketServerComponents.getWebSocketComponents(
                ServletContextHandler.getServletContextHandler(context));
        container.removeBean(container.getBean(JettyServerFrameHandlerFactory.class));
        container.addBean(new SettledUpgrades(container, components));
    }

    @Override
    public FrameHandler newFrameHandler(Object endpoint, ServerUpgradeRequest request, ServerUpgradeResponse response) {
        FrameHandler handler = super.newFrameHandler(endpoint, request, response);
        if (handler instanceof JettyWebSocketFrameHandler jetty) {
            UpgradeResponse viewed = jetty.getUpgradeResponse();
            jetty.setUpgradeResponse(new Copy(viewed.getStatusCode(), viewed.getAcceptedSubProtocol(),
                    viewed.getExtensions(), response.getHeaders().asImmutable()));
        }
        return handler;
    }

    /** The upgrade response as it stood when the session was made, detached from the HTTP exchange. */
    private record Copy(int statusCode, String acceptedSubProtocol, List<ExtensionConfig> extensions, HttpFields fields)
            implements UpgradeResponse {
        @Override public int getStatusCode() { return statusCode; }
        @Override public String getAcceptedSubProtocol() { return acceptedSubProtocol; }
        @Override public List<ExtensionConfig> getExtensions() { return extensions; }
        @Override public String getHeader(String name) { return fields.get(name); }
        @Override public Set<String> getHeaderNames() { return fields.getFieldNamesCollection(); }
        @Override public Map<String, List<String>> getHeaders() { return HttpFields.asMap(fields); }
        @Override public List<String> getHeaders(String name) { return fields.getValuesList(name); }
    }
}
