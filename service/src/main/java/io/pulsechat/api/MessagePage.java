package io.pulsechat.api;

import java.util.List;

public record MessagePage(List<Message> items, boolean hasMore) {}
