package io.pulsechat.core;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** The avatar colour every new account gets, as `#rrggbb`. */
public final class Colors {
    private static final List<String> PALETTE = List.of(
            "#e57373", "#f06292", "#ba68c8", "#7986cb", "#4fc3f7", "#4db6ac", "#81c784", "#dce775",
            "#ffb74d", "#a1887f", "#90a4ae", "#ff8a65");

    private Colors() {}

    public static String random() {
        return PALETTE.get(ThreadLocalRandom.current().nextInt(PALETTE.size()));
    }
}
