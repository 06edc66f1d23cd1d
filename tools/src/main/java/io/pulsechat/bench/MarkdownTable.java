package io.pulsechat.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * A Markdown table: a header whose cells ending in ":" are right-aligned columns (the colon is not
 * shown), then rows of as many cells.
 */
final class MarkdownTable {
    private final List<String> header = new ArrayList<>();
    private final List<Boolean> right = new ArrayList<>();
    private final List<List<String>> rows = new ArrayList<>();

    MarkdownTable(String... columns) {
        for (String column : columns) {
            boolean alignRight = column.endsWith(":");
            header.add(alignRight ? column.substring(0, column.length() - 1) : column);
            right.add(alignRight);
        }
    }

    MarkdownTable row(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("a row of " + cells.length + " cells in a table of " + header.size());
        }
        List<String> row = new ArrayList<>(cells.length);
        for (Object cell : cells) {
            row.add(String.valueOf(cell));
        }
        rows.add(row);
        return this;
    }

    List<String> lines() {
        List<String> lines = new ArrayList<>(rows.size() + 2);
        lines.add(line(header));
        lines.add(line(right.stream().map(r -> r ? "---:" : "---").toList()));
        rows.forEach(row -> lines.add(line(row)));
        return lines;
    }

    private static String line(List<String> cells) {
        return "| " + String.join(" | ", cells) + " |";
    }
}
