package io.pulsechat.kafka;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Stops feeding brokers that answer nothing. Every record handed to the producer while a broker is frozen
 * still reaches it (it waits in the socket's buffers) and is written when the broker thaws: each retry of
 * each client one more copy. The storing consumers then work through that backlog, on a machine busy with
 * everyone's retries, before the first new message (bench/TUNING.md, "Records written during a Kafka
 * freeze"). So once a send has timed out, and until one succeeds, a single send at a time goes to the
 * producer to find out when the brokers answer again, and the others are refused at once. A broker that
 * answers with an error (too few replicas in sync) leaves the gate open: nothing piles up behind it.
 */
final class SendGate {
    enum Pass { OPEN, PROBE, REFUSED }

    private volatile boolean silent;
    private final AtomicBoolean probing = new AtomicBoolean();

    /** Whether a send may go to the producer now; a PROBE or OPEN pass must end in {@link #answered} or {@link #dropped}. */
    Pass enter() {
        if (!silent) {
            return Pass.OPEN;
        }
        return probing.compareAndSet(false, true) ? Pass.PROBE : Pass.REFUSED;
    }

    /** The producer's answer to a send let through: {@code error} is null when the brokers took it. */
    void answered(Pass pass, Throwable error) {
        if (error == null) {
            silent = false;
        } else if (KafkaErrors.isTimeout(error)) {
            silent = true;
        }
        dropped(pass);
    }

    /** A send let through never reached the producer (its queue was full): the next one may probe. */
    void dropped(Pass pass) {
        if (pass == Pass.PROBE) {
            probing.set(false);
        }
    }
}
