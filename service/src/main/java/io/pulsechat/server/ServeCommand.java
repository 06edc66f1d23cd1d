package io.pulsechat.server;

import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ServerCommand;
import net.sourceforge.argparse4j.inf.Namespace;

/**
 * Dropwizard's `server` command, except that a configuration it refuses is told as Dropwizard words
 * it (one line per bad setting, naming its path) without the stack trace of the code that read it.
 */
public final class ServeCommand<T extends Configuration> extends ServerCommand<T> {
    public ServeCommand(Application<T> application) {
        super(application);
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        if (e instanceof ConfigurationException) {
            cli.getStdErr().println(e.getMessage().strip());
            cli.getStdErr().flush();
        } else {
            super.onError(cli, namespace, e);
        }
    }
}
