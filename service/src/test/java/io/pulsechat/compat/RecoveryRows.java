package io.pulsechat.compat;

import io.pulsechat.testing.TestStack;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/** The recovery table, read and aged directly: a night cannot be waited for in a test. */
final class RecoveryRows implements AutoCloseable {
    private final Connection connection;

    private RecoveryRows(Connection connection) {
        this.connection = connection;
    }

    static RecoveryRows open() throws SQLException {
        return new RecoveryRows(DriverManager.getConnection(TestStack.get().databaseUrl, "chat", "chat"));
    }

    /** Hours until the session expires; 0 when there is no such session. */
    double hoursLeft(UUID pid) throws SQLException {
        try (var query = connection.prepareStatement(
                "SELECT extract(epoch FROM expires_at - now()) / 3600 FROM compat_sessions WHERE pid = ?")) {
            query.setObject(1, pid);
            try (var rows = query.executeQuery()) {
                return rows.next() ? rows.getDouble(1) : 0;
            }
        }
    }

    /** As if the session had been saved `hours` earlier. */
    void age(UUID pid, int hours) throws SQLException {
        try (var update = connection.prepareStatement(
                "UPDATE compat_sessions SET expires_at = expires_at - make_interval(hours => ?) WHERE pid = ?")) {
            update.setInt(1, hours);
            update.setObject(2, pid);
            if (update.executeUpdate() != 1) {
                throw new AssertionError("no session " + pid);
            }
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
