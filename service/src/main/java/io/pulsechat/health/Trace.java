package io.pulsechat.health;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * Java Flight Recorder events of a message's path through the node: each stage's duration, on the
 * thread that runs it. They cost nothing measurable without a recording (a JIT-eliminated object and
 * one check); with one (`scripts/bench --profile`, or `jcmd PID JFR.start`), they sit beside GC,
 * safepoints and socket reads on one time line, which is how a stall is found (bench/TUNING.md).
 */
public final class Trace {
    private Trace() {}

    @Name("pulsechat.Poll") @Label("Kafka poll") @Category("PulseChat") @StackTrace(false)
    @Description("A storing consumer's poll() that returned records")
    public static final class Poll extends Event {
        @Label("Records") public int records;
    }

    @Name("pulsechat.StoreBatch") @Label("Store a batch") @Category("PulseChat") @StackTrace(false)
    @Description("One batch stored in PostgreSQL, in one transaction")
    public static final class StoreBatch extends Event {
        @Label("Records") public int records;
    }

    @Name("pulsechat.Publish") @Label("Publish to Redis") @Category("PulseChat") @StackTrace(false)
    @Description("One event published to Redis by the publisher thread")
    public static final class Publish extends Event {
        @Label("Kind") public String kind;
        @Label("Queued") public int queued;
    }

    @Name("pulsechat.Deliver") @Label("Deliver an event") @Category("PulseChat") @StackTrace(false)
    @Description("One event from Redis decoded and written to this node's sessions")
    public static final class Deliver extends Event {
        @Label("Bytes") public int bytes;
    }

    @Name("pulsechat.Periodic") @Label("Periodic task") @Category("PulseChat") @StackTrace(false)
    @Description("A periodic task of the node: presence renewal, console sample, health refresh")
    public static final class Periodic extends Event {
        @Label("Task") public String task;
    }
}
