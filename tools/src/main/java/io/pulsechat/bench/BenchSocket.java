package io.pulsechat.bench;

import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One user's WebSocket. Jetty calls a session's listener one frame at a time, so the per-session
 * seq bookkeeping needs no locks; what sessions share lives in the {@link Ledger}.
 */
public final class BenchSocket implements Session.Listener.AutoDemanding {
    private static final String TYPE = "\"type\":\"";
    private static final String MESSAGE = "\"message\":";
    private static final String CLIENT_MESSAGE_ID = "\"clientMessageId\":\"";
    private static final String CONVERSATION_ID = "\"conversationId\":\"";
    private static final String SEQ = "\"seq\":";
    private static final String ID = "\"id\":\"";
    private static final String CODE = "\"code\":\"";

    private final int user;
    private final Ledger ledger;
    /** Last seq this session saw per conversation index; 0 before the first. */
    private final long[] lastSeq;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final Callback onSent;
    private volatile Session session;
    private volatile boolean closing;

    BenchSocket(int user, Ledger ledger, int conversations, Callback onSent) {
        this.user = user;
        this.ledger = ledger;
        this.lastSeq = new long[conversations];
        this.onSent = onSent;
    }

    CompletableFuture<Void> ready() { return ready; }

    void send(String frame) {
        session.sendText(frame, onSent);
    }

    void close() {
        closing = true;
        Session s = session;
        if (s != null && s.isOpen()) {
            s.close();
        }
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
    }

    @Override
    public void onWebSocketText(String text) {
        long now = System.nanoTime();
        int type = FrameScanner.valueStart(text, TYPE, 0);
        if (type < 0) {
            ledger.error("frame without a type");
        } else if (text.startsWith("ack\"", type)) {
            onAck(text, now);
        } else if (text.startsWith("receive-message\"", type)) {
            onReceive(text, now);
        } else if (text.startsWith("ready\"", type)) {
            ready.complete(null);
        } else if (text.startsWith("error\"", type)) {
            int code = FrameScanner.valueStart(text, CODE, 0);
            ledger.error(code < 0 ? "error" : FrameScanner.stringAt(text, code));
        }
    }

    private void onAck(String text, long now) {
        int index = messageIndex(text, 0);
        if (index < 0) {
            return;
        }
        if (ledger.senderOf(index) != user) {
            ledger.violate(Violation.ACK_TO_WRONG_SESSION, "m" + index + " acked to user " + user);
        }
        checkMessage(text, index);
        ledger.acked(index, now);
    }

    private void onReceive(String text, long now) {
        int index = messageIndex(text, 0);
        if (index < 0) {
            return;
        }
        if (ledger.senderOf(index) == user) {
            ledger.violate(Violation.RECEIVE_TO_WRONG_SESSION, "m" + index + " delivered to its sending session");
        }
        checkMessage(text, index);
        ledger.received(index, now);
    }

    private int messageIndex(String text, int from) {
        int at = FrameScanner.valueStart(text, CLIENT_MESSAGE_ID, from);
        if (at < 0) {
            ledger.violate(Violation.UNKNOWN_MESSAGE, "a frame without clientMessageId");
            return -1;
        }
        return ledger.known(FrameScanner.messageIndexAt(text, at));
    }

    /** The message's conversation, id and seq agree with what the ledger and this session know. */
    private void checkMessage(String text, int index) {
        int message = text.indexOf(MESSAGE);
        int conversation = ledger.conversationOf(index);
        Population.BenchConversation expected = ledger.population().conversations().get(conversation);
        int conversationAt = FrameScanner.valueStart(text, CONVERSATION_ID, message);
        if (conversationAt < 0 || !text.startsWith(expected.id(), conversationAt)) {
            ledger.violate(Violation.MISMATCHED_MESSAGE, "m" + index + " arrived for another conversation");
            return;
        }
        int idAt = FrameScanner.valueStart(text, ID, message);
        String known = ledger.idOf(index);
        if (known == null) {
            known = ledger.claimId(index, FrameScanner.stringAt(text, idAt));
        }
        if (known != null && !text.startsWith(known, idAt)) {
            ledger.violate(Violation.MISMATCHED_MESSAGE, "m" + index + " has two ids");
        }
        long seq = FrameScanner.longAt(text, FrameScanner.valueStart(text, SEQ, message));
        if (seq != lastSeq[conversation] + 1) {
            ledger.violate(Violation.SEQ_OUT_OF_ORDER, "user " + user + " conversation " + conversation
                    + ": seq " + seq + " after " + lastSeq[conversation]);
        }
        lastSeq[conversation] = Math.max(seq, lastSeq[conversation]);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        ready.completeExceptionally(new IllegalStateException("closed " + statusCode + " " + reason));
        if (!closing) {
            ledger.error("closed by the server: " + statusCode);
        }
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        ready.completeExceptionally(cause);
        ledger.error("websocket: " + cause.getClass().getSimpleName());
    }
}
