package io.pulsechat.core;

import java.util.List;

/** A page read one row past its size: the extra row, left out, tells that there is more. */
public record PageRows<T>(List<T> items, boolean hasMore) {
    /** How many rows to read for a page of {@code size}. */
    public static int toRead(int size) {
        return size + 1;
    }

    /** The page of {@code size} in rows read with {@link #toRead}. */
    public static <T> PageRows<T> of(List<T> rows, int size) {
        boolean more = rows.size() > size;
        return new PageRows<>(more ? rows.subList(0, size) : rows, more);
    }
}
