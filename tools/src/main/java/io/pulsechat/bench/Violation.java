package io.pulsechat.bench;

/** Ways a run can break the contract's promises, as the generator sees them. */
enum Violation {
    /** An ack for a message that already had one. */
    DUPLICATE_ACK,
    /** An ack that reached a session other than the sender's. */
    ACK_TO_WRONG_SESSION,
    /** A receive-message beyond one per other member. */
    DUPLICATE_RECEIVE,
    /** A receive-message to the sending session, or to a user who is not a member. */
    RECEIVE_TO_WRONG_SESSION,
    /** A seq that is not the previous seq + 1 as seen by one session in one conversation. */
    SEQ_OUT_OF_ORDER,
    /** Sessions disagree on a message's id, or a frame names another conversation than the message's. */
    MISMATCHED_MESSAGE,
    /** A frame about a clientMessageId this run never sent. */
    UNKNOWN_MESSAGE,
    /** A message that was never acked (counted after the drain). */
    MISSING_ACK,
    /** A delivery that never came (counted after the drain). */
    MISSING_RECEIVE
}
