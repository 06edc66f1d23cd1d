package io.pulsechat.ws;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Sets how many reserved threads Jetty's pool keeps, before the server starts: Dropwizard's server
 * factory does not expose it, and the pool refuses the change once running.
 */
public class ReservedThreads implements LifeCycle.Listener {
    private final int reserved;

    public ReservedThreads(int reserved) {
        this.reserved = reserved;
    }

    @Override
    public void lifeCycleStarting(LifeCycle event) {
        if (reserved >= 0 && event instanceof Server server && server.getThreadPool() instanceof QueuedThreadPool pool) {
            pool.setReservedThreads(reserved);
        }
    }
}
