package io.contactsync.sync;

import java.lang.management.ManagementFactory;
import java.util.UUID;

/**
 * Names a running instance in the claims it holds, e.g. {@code 4242@host#1f0c2a}: the process, plus a
 * random part so that two services in one JVM (or a restart that reuses a pid) never share claims.
 */
final class InstanceName {

    private InstanceName() { }

    static String next() {
        return ManagementFactory.getRuntimeMXBean().getName() + "#" + UUID.randomUUID().toString().substring(0, 6);
    }
}
