package io.contactsync.sync;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * At shutdown, once Camel has finished its in-flight chunks (or given up on them after
 * {@code camel.main.shutdown-timeout}), the contacts this instance still holds go back to PENDING at
 * once instead of waiting out the stale-claim age. Its phase makes it stop after the Camel context
 * and before the database pool closes.
 */
@Component
class ShutdownClaimRelease implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownClaimRelease.class);

    private final ExportStore exports;
    private volatile boolean running;

    ShutdownClaimRelease(ExportStore exports) {
        this.exports = exports;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        try {
            exports.releaseOwn();
        } catch (RuntimeException e) {
            // the database is gone too: the claims are released by the next instance once they are stale
            LOG.warn("Could not release this instance's claims at shutdown: {}", e.getMessage());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return 0;
    }
}
