package io.contactsync.benchmark;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Heap of this JVM while one benchmark run goes on: the highest heap use seen (sampled every 10 ms
 * through the MemoryMXBean) and the highest heap left after a garbage collection (the live data,
 * from the GC beans' notifications).
 */
final class HeapMeter implements AutoCloseable {

    private final AtomicLong peakUsed = new AtomicLong();
    private final AtomicLong peakAfterGc = new AtomicLong();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "heap-meter");
        t.setDaemon(true);
        return t;
    });
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener afterGc = (notification, handback) -> {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            long heap = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                    .filter(pool -> isHeap(pool.getKey()))
                    .mapToLong(pool -> pool.getValue().getUsed()).sum();
            peakAfterGc.accumulateAndGet(heap, Math::max);
        }
    };

    private HeapMeter() { }

    static HeapMeter start() {
        System.gc();
        HeapMeter meter = new HeapMeter();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(meter.afterGc, null, null);
                meter.emitters.add(emitter);
            }
        }
        meter.sample();
        meter.sampler.scheduleAtFixedRate(meter::sample, 10, 10, TimeUnit.MILLISECONDS);
        return meter;
    }

    long peakUsed() {
        return peakUsed.get();
    }

    /** The most the heap held right after a collection; the heap used at the end when none ran. */
    long peakAfterGc() {
        return peakAfterGc.get() > 0 ? peakAfterGc.get() : peakUsed.get();
    }

    static long maxHeap() {
        return Runtime.getRuntime().maxMemory();
    }

    private void sample() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        peakUsed.accumulateAndGet(heap.getUsed(), Math::max);
    }

    private static boolean isHeap(String pool) {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .anyMatch(bean -> bean.getName().equals(pool) && bean.getType() == java.lang.management.MemoryType.HEAP);
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        sample();
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(afterGc);
            } catch (ListenerNotFoundException ignored) {
                // never added
            }
        }
    }
}
