package io.pulsechat.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * `java -jar chat.jar ws URL`: a WebSocket client to try a node with from a shell. Prints every frame
 * it receives, one per line; once the node's `ready` has arrived, sends each line of standard input as
 * a frame. After standard input ends it closes, or with `--until TYPE` first waits for a frame of
 * that type (an `ack`, a `receive-message`).
 */
public class WsCommand extends Command {
    public WsCommand() {
        super("ws", "A WebSocket client for trying a node: prints the frames it receives, sends the lines of standard input");
    }

    @Override
    public void configure(Subparser p) {
        p.addArgument("url").help("ws://host:port/ws?access_token=TOKEN");
        p.addArgument("--until").metavar("TYPE").help("after standard input ends, wait for a frame of this type");
        p.addArgument("--timeout").type(Integer.class).setDefault(30).help("seconds to wait for `ready` and --until");
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace ns) throws Exception {
        ObjectMapper json = bootstrap.getObjectMapper();
        String until = ns.getString("until");
        int timeout = ns.getInt("timeout");
        var frames = new Frames(json, until);
        WebSocket socket;
        try {
            socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create(ns.getString("url")), frames).get(timeout, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                throw new IllegalStateException("the node refused the connection: HTTP " + refused.getResponse().statusCode()
                        + " (a bad or expired token is 401)", refused);
            }
            throw new IllegalStateException("cannot connect: " + e.getCause(), e.getCause());
        }
        await(frames.ready, timeout, "no `ready` frame");
        var stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = stdin.readLine(); line != null; line = stdin.readLine()) {
            if (!line.isBlank()) {
                socket.sendText(line, true).get(timeout, TimeUnit.SECONDS);
            }
        }
        if (until != null) {
            await(frames.awaited, timeout, "no `" + until + "` frame");
        }
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(timeout, TimeUnit.SECONDS);
    }

    private static void await(CompletableFuture<?> future, int seconds, String what) throws Exception {
        try {
            future.get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + " within " + seconds + " s", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** One line on standard error instead of a stack trace: this is a tool for people at a shell. */
    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        cli.getStdErr().println("ws: " + e.getMessage());
    }

    /** Prints each whole frame and completes `ready` and the awaited type as they arrive. */
    private static final class Frames implements WebSocket.Listener {
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        final CompletableFuture<Void> awaited = new CompletableFuture<>();
        private final ObjectMapper json;
        private final String until;
        private final StringBuilder partial = new StringBuilder();

        Frames(ObjectMapper json, String until) {
            this.json = json;
            this.until = until;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                System.out.println(frame);
                System.out.flush();
                String type = typeOf(frame);
                if (type.equals("ready")) {
                    ready.complete(null);
                }
                if (type.equals(until)) {
                    awaited.complete(null);
                }
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            var closed = new IllegalStateException("the node closed the connection: " + statusCode + " " + reason);
            ready.completeExceptionally(closed);
            awaited.completeExceptionally(closed);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            ready.completeExceptionally(error);
            awaited.completeExceptionally(error);
        }

        private String typeOf(String frame) {
            try {
                return json.readTree(frame).path("type").asText();
            } catch (IOException e) {
                // Not JSON: printed as it came, and it is no frame anybody waits for.
                return "";
            }
        }
    }
}
