package io.pulsechat.api;

import java.util.List;

/** A page of a keyset-paged list; `nextCursor` is null on the last page. */
public record Page<T>(List<T> items, String nextCursor) {}
