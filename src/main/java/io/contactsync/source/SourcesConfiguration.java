package io.contactsync.source;

import javax.sql.DataSource;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The idempotent repositories of the sources, in PostgreSQL (Flyway owns the table: V8__contact_source.sql). */
@Configuration
public class SourcesConfiguration {

    /** Files the drop folder has taken in whole, by name and content hash. */
    @Bean("fileDropDeliveries")
    public JdbcMessageIdRepository fileDropDeliveries(DataSource dataSource) {
        JdbcMessageIdRepository repository = new JdbcMessageIdRepository(dataSource, CsvContacts.SOURCE);
        repository.setCreateTableIfNotExists(false);
        return repository;
    }
}
