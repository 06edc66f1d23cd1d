package io.pulsechat.tools;

import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.pulsechat.bench.BenchCommand;
import io.pulsechat.bench.BenchReportCommand;
import io.pulsechat.cli.WsCommand;

/**
 * `java -jar target/chat-tools.jar bench|bench-report|ws ...`: the load generator, its report writer
 * and the WebSocket client. Dropwizard's command line without its server: none of these is a node.
 */
public class Tools extends Application<Configuration> {
    public static void main(String[] args) throws Exception {
        new Tools().run(args);
    }

    @Override
    public String getName() {
        return "pulsechat-tools";
    }

    @Override
    public void initialize(Bootstrap<Configuration> bootstrap) {
        bootstrap.addCommand(new BenchCommand());
        bootstrap.addCommand(new BenchReportCommand());
        bootstrap.addCommand(new WsCommand());
    }

    /** No `server` or `check` command: the tools run no node. */
    @Override
    protected void addDefaultCommands(Bootstrap<Configuration> bootstrap) {
    }

    @Override
    public void run(Configuration configuration, Environment environment) {
        throw new UnsupportedOperationException("the tools have no server to run");
    }
}
