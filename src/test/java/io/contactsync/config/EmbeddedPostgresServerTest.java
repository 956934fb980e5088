package io.contactsync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contactsync.config.EmbeddedPostgresServer.DataDirectoryInUseException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded PostgreSQL the default start runs on: a password, one process per directory, stopped by its owner. */
class EmbeddedPostgresServerTest {

    @TempDir
    Path dir;

    private static void select1(String url, String user, String password) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            assertThat(connection.createStatement().executeQuery("select 1").next()).isTrue();
        }
    }

    @Test
    void aNewDirectoryGetsASuperuserPasswordAndTheServerStopsWithItsLastUser() throws Exception {
        Path data = dir.resolve("postgres");
        EmbeddedPostgresServer server = EmbeddedPostgresServer.acquire(data, 0);
        EmbeddedPostgresServer same = EmbeddedPostgresServer.acquire(data, 0);
        assertThat(same).isSameAs(server);
        assertThat(same.firstUser()).as("a second context in this JVM claimed nothing").isFalse();

        select1(server.jdbcUrl(), server.username(), server.password());
        assertThatThrownBy(() -> select1(server.jdbcUrl(), "postgres", "")).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> select1(server.jdbcUrl(), "postgres", "wrong"))
                .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
        assertThat(Files.getPosixFilePermissions(data.resolve("contact-sync-password")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

        server.release();
        assertThat(data.resolve("postmaster.pid")).as("one user left: still running").exists();
        server.release();
        assertThat(data.resolve("postmaster.pid")).as("stopped by its last user").doesNotExist();

        // started again on the same directory: same password, same data
        EmbeddedPostgresServer again = EmbeddedPostgresServer.acquire(data, 0);
        try {
            assertThat(again.password()).isEqualTo(server.password());
            select1(again.jdbcUrl(), again.username(), again.password());
        } finally {
            again.release();
        }
    }

    @Test
    void aDirectoryHeldByAnotherProcessIsRefusedAtOnce() throws IOException {
        Path data = dir.resolve("postgres");
        Files.createDirectories(dir);
        // what another process holds: the lock file beside the data directory, naming its pid
        try (FileChannel other = FileChannel.open(dir.resolve("postgres.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            Files.writeString(dir.resolve("postgres.lock"), "4242");
            FileLock lock = other.lock();
            // the lock is this JVM's own here, which the check meets as taken just the same
            assertThatThrownBy(() -> EmbeddedPostgresServer.checkAvailable(data))
                    .isInstanceOf(DataDirectoryInUseException.class).hasMessageContaining("(pid 4242)");
            assertThatThrownBy(() -> EmbeddedPostgresServer.acquire(data, 0))
                    .isInstanceOf(DataDirectoryInUseException.class);
            lock.release();
        }
        assertThat(data).as("nothing started, nothing written").doesNotExist();
    }

    @Test
    void aDirectoryMadeWhenEveryLocalConnectionWasTrustedIsMovedToAPassword() throws Exception {
        Path data = dir.resolve("postgres");
        // the layout earlier versions left: initdb with trust, no password
        try (EmbeddedPostgres legacy = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).start()) {
            select1(legacy.getJdbcUrl("postgres", "postgres"), "postgres", "");
        }
        Files.deleteIfExists(data.resolve("epg-lock"));

        EmbeddedPostgresServer server = EmbeddedPostgresServer.acquire(data, 0);
        try {
            select1(server.jdbcUrl(), server.username(), server.password());
            assertThatThrownBy(() -> select1(server.jdbcUrl(), "postgres", "")).isInstanceOf(SQLException.class);
        } finally {
            server.release();
        }
    }
}
