package io.contactsync.sync;

import io.contactsync.settings.SyncSettings;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Remembers since when automatic sync is on: only contacts that arrived after that are pushed by the
 * schedule; older ones wait for a manual push. Switching to manual forgets it.
 */
@Component("syncModeRecorder")
public class SyncModeRecorder implements InitializingBean {

    private static final Logger LOG = LoggerFactory.getLogger(SyncModeRecorder.class);

    private final NamedParameterJdbcTemplate jdbc;
    private final SyncSettings settings;

    public SyncModeRecorder(NamedParameterJdbcTemplate jdbc, SyncSettings settings,
                            org.flywaydb.core.Flyway flyway) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    @Override
    public void afterPropertiesSet() {
        if (settings.automatic()) {
            jdbc.update("insert into app_state (key, value) values ('automatic_since', cast(now() as text)) "
                    + "on conflict (key) do nothing", Map.of());
            String since = jdbc.queryForObject("select value from app_state where key = 'automatic_since'", Map.of(), String.class);
            LOG.info("Sync mode: automatic, for contacts that arrived since {}", since);
        } else {
            jdbc.update("delete from app_state where key = 'automatic_since'", Map.of());
            LOG.info("Sync mode: manual; contacts are pushed by POST /api/pushes only");
        }
    }
}
