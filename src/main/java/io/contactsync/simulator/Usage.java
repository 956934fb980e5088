package io.contactsync.simulator;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The calls served per endpoint, the largest request seen, and the org's daily API allowance used. */
final class Usage {

    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final AtomicLong totalCalls = new AtomicLong();
    private final AtomicInteger maxRequestBytes = new AtomicInteger();
    private final AtomicLong apiUsage = new AtomicLong();
    private volatile LocalDate usageDay = LocalDate.now(ZoneOffset.UTC);

    void count(String endpoint, int requestBytes) {
        calls.computeIfAbsent(endpoint, e -> new LongAdder()).increment();
        totalCalls.incrementAndGet();
        maxRequestBytes.accumulateAndGet(requestBytes, Math::max);
    }

    void resetCounters() {
        calls.clear();
        totalCalls.set(0);
        maxRequestBytes.set(0);
    }

    long totalCalls() {
        return totalCalls.get();
    }

    Map<String, Long> callCounts() {
        Map<String, Long> counts = new TreeMap<>();
        calls.forEach((endpoint, count) -> counts.put(endpoint, count.sum()));
        return counts;
    }

    int maxRequestBytes() {
        return maxRequestBytes.get();
    }

    /** Counts one call against the allowance; false when it is used up for today (UTC). */
    boolean spend(long dailyLimit) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        if (!today.equals(usageDay)) {
            usageDay = today;
            apiUsage.set(0);
        }
        if (apiUsage.get() >= dailyLimit) {
            return false;
        }
        apiUsage.incrementAndGet();
        return true;
    }

    long apiUsage() {
        return apiUsage.get();
    }

    void setApiUsage(long usage) {
        apiUsage.set(usage);
    }

    LocalDate usageDay() {
        return usageDay;
    }

    void setUsageDay(LocalDate day) {
        usageDay = day;
    }
}
