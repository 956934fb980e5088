package io.contactsync.config;

import com.zaxxer.hikari.HikariDataSource;
import io.contactsync.sync.ExportStore;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Without {@code spring.datasource.url} the service runs on a real PostgreSQL server started from a
 * Maven artifact, its data kept under {@code contactsync.embedded-db.data-dir} across restarts. The
 * server is a bean the pool depends on, so Spring stops it after the pool, and the pool only after
 * Camel, Quartz and the claim release have stopped.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
public class EmbeddedPostgresConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    @Bean(destroyMethod = "release")
    EmbeddedPostgresServer embeddedPostgres(@Value("${contactsync.embedded-db.data-dir:./data/postgres}") String dataDir,
                                            @Value("${contactsync.embedded-db.port:0}") int port) {
        return EmbeddedPostgresServer.acquire(Path.of(dataDir), port);
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(EmbeddedPostgresServer server,
                                @Value("${contactsync.embedded-db.pool-size:10}") int poolSize) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(server.jdbcUrl());
        pool.setUsername(server.username());
        pool.setPassword(server.password());
        pool.setMaximumPoolSize(poolSize);
        pool.setPoolName("embedded-postgres");
        LOG.info("Database: embedded PostgreSQL on port {}, data in {}", server.port(), server.dataDirectory());
        return pool;
    }

    /**
     * Only one process ever runs on an embedded data directory: when this one is its first user, any
     * contact still claimed was claimed by a process that was killed, and goes back to PENDING before
     * the routes start (no waiting for the stale-claim age).
     */
    @Bean
    SmartInitializingSingleton releaseClaimsOfAStoppedProcess(EmbeddedPostgresServer server, ExportStore exports) {
        return () -> {
            if (server.firstUser()) {
                exports.releaseOthers();
            }
        };
    }
}
