package io.pulsechat.kafka;

import java.sql.SQLException;

/** Tells a record the database will never take (its data) from a database that is away for now. */
final class StoreFailures {
    private StoreFailures() {}

    /** Data exceptions (class 22) and constraint violations (class 23) are the record's fault; all else is retried. */
    static boolean isPoison(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                return state.startsWith("22") || state.startsWith("23");
            }
        }
        return false;
    }

    static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return "SQLState " + sql.getSQLState() + ": " + sql.getMessage();
            }
        }
        return failure.toString();
    }
}
