package io.contactsync.simulator;

import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/** Faults on demand: the next n calls answer 503, the next n records written fail with an error code, or either at random. */
final class FaultInjector {

    private final SimulatorSettings settings;
    private final Random random;
    private final AtomicInteger fail503 = new AtomicInteger();
    private final AtomicInteger failRecords = new AtomicInteger();
    private volatile String recordFault = "UNABLE_TO_LOCK_ROW";

    FaultInjector(SimulatorSettings settings) {
        this.settings = settings;
        this.random = new Random(settings.getSeed());
    }

    void failNext(int n, String kind) {
        if ("503".equals(kind)) {
            fail503.set(n);
        } else if (kind != null && kind.matches("[A-Z_]+")) {
            recordFault = kind;
            failRecords.set(n);
        } else {
            throw new IllegalArgumentException("unknown fault " + kind + " (503 or a Salesforce error code)");
        }
    }

    /** Whether this data call answers 503 SERVER_UNAVAILABLE. */
    boolean unavailable() {
        return fail503.getAndUpdate(n -> Math.max(0, n - 1)) > 0 || chance(settings.getFaultRate());
    }

    /** Throws the fault planned for the record at this index of a collection, if any. */
    void beforeRecord(int index) {
        if (failRecords.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw injected(recordFault, index);
        }
        if (chance(settings.getLockRowRate())) {
            throw injected("UNABLE_TO_LOCK_ROW", index);
        }
    }

    private boolean chance(double rate) {
        if (rate <= 0) {
            return false;
        }
        synchronized (random) {
            return random.nextDouble() < rate;
        }
    }

    private static SalesforceError injected(String code, int index) {
        return "UNABLE_TO_LOCK_ROW".equals(code)
                ? new SalesforceError(400, code, "unable to obtain exclusive access to this record or 1 records: " + (index + 1),
                List.of())
                : new SalesforceError(400, code, "injected fault " + code + " on record " + (index + 1), List.of());
    }
}
