package io.contactsync.source;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;

/**
 * The external PostgreSQL of the staging table (contactsync.sources.sql.url/username/password), only when
 * contactsync.sources.sql.enabled. Its pool and its transactions are bound into Camel's registry under
 * {@code stagingDataSource} and {@code stagingTransaction}, not as Spring beans, so that the service's own
 * DataSource and transaction manager stay the only ones Spring sees.
 * <p>
 * {@code stagingTransaction} is the poll strategy of the {@code sql:} consumer: each poll (the select with
 * FOR UPDATE SKIP LOCKED, each row's route and its onConsume update) runs in one transaction of the staging
 * database, committed when the poll is done and rolled back when it fails. Instances polling the same table
 * take different rows.
 */
@Component
@ConditionalOnProperty(name = "contactsync.sources.sql.enabled", havingValue = "true")
public class StagingDatabase implements PollingConsumerPollStrategy, DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(StagingDatabase.class);

    private final HikariDataSource pool = new HikariDataSource();
    private final DataSourceTransactionManager transactions;
    private final ThreadLocal<TransactionStatus> current = new ThreadLocal<>();

    public StagingDatabase(CamelContext camel, @Value("${contactsync.sources.sql.url}") String url,
            @Value("${contactsync.sources.sql.username:}") String username,
            @Value("${contactsync.sources.sql.password:}") String password) {
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("contactsync.sources.sql.enabled is true but contactsync.sources.sql.url is not set");
        }
        pool.setJdbcUrl(url);
        pool.setUsername(username);
        pool.setPassword(password);
        pool.setMaximumPoolSize(2);
        pool.setPoolName("staging");
        transactions = new DataSourceTransactionManager(pool);
        camel.getRegistry().bind("stagingDataSource", pool);
        camel.getRegistry().bind("stagingTransaction", this);
        // the URL names host and database only; credentials are separate keys and never logged
        LOG.info("Staging table source: {}", url.replaceAll("(?i)(password|user)=[^&]*", "$1=…"));
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        current.set(transactions.getTransaction(new DefaultTransactionDefinition()));
        return true;
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        TransactionStatus status = current.get();
        current.remove();
        if (status != null) {
            transactions.commit(status);
        }
    }

    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        TransactionStatus status = current.get();
        current.remove();
        if (status != null) {
            transactions.rollback(status);
        }
        LOG.warn("Staging table poll rolled back, its rows are read again next time: {}", cause.getMessage());
        return false;
    }

    @Override
    public void destroy() {
        pool.close();
    }
}
