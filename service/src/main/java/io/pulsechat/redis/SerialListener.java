package io.pulsechat.redis;

/**
 * Hands the events of every shard's thread to the listener one at a time: the listener (the bus) was
 * written for one subscriber thread, and a catch-up after one shard's gap delivers the messages of every
 * conversation, which must not interleave with another shard's live events of the same conversation.
 * A conversation's events all come through one shard, so their order is the shard's.
 */
final class SerialListener implements RedisSubscriber.Listener {
    private final RedisSubscriber.Listener listener;

    SerialListener(RedisSubscriber.Listener listener) {
        this.listener = listener;
    }

    @Override
    public synchronized void onEvent(String channel, String payload) {
        listener.onEvent(channel, payload);
    }

    @Override
    public synchronized void resubscribed(long deafSinceMillis) {
        listener.resubscribed(deafSinceMillis);
    }
}
