package io.contactsync.sync;

import java.lang.management.ManagementFactory;

/** Names this running instance in the claims it holds, e.g. {@code 4242@host}. */
final class InstanceName {

    private InstanceName() { }

    static String get() {
        return ManagementFactory.getRuntimeMXBean().getName();
    }
}
