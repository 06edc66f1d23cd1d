package io.pulsechat.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServlet;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServletFactory;
import org.eclipse.jetty.ee10.websocket.server.config.JettyWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.UpgradeResponse;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SettledUpgradesTest {
    private final Server server = new Server();
    private final WebSocketClient client = new WebSocketClient();

    @AfterEach
    void stop() throws Exception {
        client.stop();
        server.stop();
    }

    @Test
    void aSessionKeepsACopyOfItsUpgradeResponseNotJettysViewOfTheHttpExchange() throws Exception {
        CompletableFuture<Session> opened = new CompletableFuture<>();
        int port = serve(opened);
        client.start();

        client.connect(new Endpoint(new CompletableFuture<>()), URI.create("ws://127.0.0.1:" + port + "/ws"))
                .get(10, TimeUnit.SECONDS);
        UpgradeResponse response = opened.get(10, TimeUnit.SECONDS).getUpgradeResponse();

        assertThat(response.getClass().getEnclosingClass()).isEqualTo(SettledUpgrades.class);
        assertThat(response.getHeaders().keySet()).containsExactlyInAnyOrderElementsOf(response.getHeaderNames());
    }

    /** A servlet context set up as ChatApplication does, with an endpoint that hands over its session. */
    private int serve(CompletableFuture<Session> opened) throws Exception {
        var connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        var context = new ServletContextHandler();
        JettyWebSocketServletContainerInitializer.configure(context, SettledUpgrades::install);
        context.addServlet(new ServletHolder(new JettyWebSocketServlet() {
            @Override
            protected void configure(JettyWebSocketServletFactory factory) {
                factory.setCreator((request, response) -> new Endpoint(opened));
            }
        }), "/ws");
        server.setHandler(context);
        server.start();
        return connector.getLocalPort();
    }

    /** Public: Jetty binds an endpoint's methods through method handles. */
    public static final class Endpoint implements Session.Listener.AutoDemanding {
        private final CompletableFuture<Session> opened;

        Endpoint(CompletableFuture<Session> opened) {
            this.opened = opened;
        }

        @Override
        public void onWebSocketOpen(Session session) {
            opened.complete(session);
        }
    }
}
