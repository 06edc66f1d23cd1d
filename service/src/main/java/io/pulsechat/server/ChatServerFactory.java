package io.pulsechat.server;

import ch.qos.logback.access.jetty.RequestLogImpl;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.ContainerLifeCycle;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ThreadPool;

/**
 * `server:` in chat.yml (`type: chat`): Dropwizard's default server, plus the reverse proxies whose
 * forwarded headers are believed, Jetty's reserved threads, and an admin port that listens on the
 * loopback interface unless told otherwise (it serves thread dumps and tasks).
 */
@JsonTypeName("chat")
public class ChatServerFactory extends DefaultServerFactory {
    /** CIDRs of the reverse proxies in front of the nodes; an entry may list several, comma-separated. */
    @NotNull @JsonProperty private List<String> trustedProxies = List.of();
    /** The header those proxies append the client's address to. */
    @NotNull @JsonProperty private ClientAddresses.Header forwardedHeader = ClientAddresses.Header.X_FORWARDED_FOR;
    /**
     * Threads Jetty's pool keeps parked to take over a selector while the selector thread runs a read
     * itself (-1: Jetty's own choice). Each hand-over is a thread wake-up; on a small machine fewer
     * threads can cost less than the hand-off saves. Set when the pool is made: a running pool refuses it.
     */
    @Min(-1) @Max(1024) @JsonProperty private int reservedThreads = -1;

    public ChatServerFactory() {
        var admin = new HttpConnectorFactory();
        admin.setPort(8081);
        admin.setBindHost("127.0.0.1");
        setAdminConnectors(List.of(admin));
    }

    public List<String> getTrustedProxies() {
        return trustedProxies.stream().flatMap(entry -> Arrays.stream(entry.split(",")))
                .map(String::trim).filter(cidr -> !cidr.isEmpty()).toList();
    }

    @ValidationMethod(message = "server.trustedProxies must be CIDRs, e.g. 10.0.0.0/8, 192.168.1.10 or fd00::/8")
    @JsonIgnore
    public boolean isEveryTrustedProxyACidr() {
        try {
            new TrustedNetworks(getTrustedProxies());
            return true;
        } catch (IllegalArgumentException notACidr) {
            return false;
        }
    }

    @Override
    protected ThreadPool createThreadPool(MetricRegistry metricRegistry) {
        ThreadPool pool = super.createThreadPool(metricRegistry);
        if (reservedThreads >= 0 && pool instanceof QueuedThreadPool queued) {
            queued.setReservedThreads(reservedThreads);
        }
        return pool;
    }

    @Override
    public Server build(Environment environment) {
        Server server = super.build(environment);
        var customizer = new TrustedProxyCustomizer(new ClientAddresses(getTrustedProxies(), forwardedHeader));
        for (Connector connector : server.getConnectors()) {
            httpConfigurations(connector).forEach(http -> http.addCustomizer(customizer));
        }
        // logback-access prints its own status (its version checks) to standard output at every start
        // unless told to be quiet; the request log's appenders still report their errors through logback.
        if (server.getRequestLog() instanceof RequestLogImpl accessLog) {
            accessLog.setQuiet(true);
        }
        return server;
    }

    /** Dropwizard wraps each connection factory in a metrics one that holds the real one as a bean. */
    private static List<HttpConfiguration> httpConfigurations(Connector connector) {
        List<HttpConfiguration> found = new ArrayList<>();
        for (ConnectionFactory factory : connector.getConnectionFactories()) {
            if (factory instanceof HttpConfiguration.ConnectionFactory http) {
                found.add(http.getHttpConfiguration());
            } else if (factory instanceof ContainerLifeCycle wrapper) {
                wrapper.getBeans(HttpConfiguration.ConnectionFactory.class).forEach(http -> found.add(http.getHttpConfiguration()));
            }
        }
        if (found.isEmpty()) {
            throw new IllegalStateException("connector " + connector + " has no HTTP configuration to read client addresses with");
        }
        return found;
    }
}
