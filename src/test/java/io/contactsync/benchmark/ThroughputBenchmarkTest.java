package io.contactsync.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * API economy and throughput of the pipeline against the naive per-record route: N new contacts
 * drained automatically at each simulated latency, the same contacts run again once they are all in
 * Salesforce, and the naive route over a smaller N, extrapolated linearly. Not part of the default
 * build: {@code mvn -B verify -Pbenchmark} (sizes and latencies: see README, Performance).
 */
@Tag("benchmark")
class ThroughputBenchmarkTest extends BenchmarkSupport {

    private final List<String> report = new ArrayList<>();
    private final List<String> missed = new ArrayList<>();

    @Test
    void pipelineAgainstNaiveRoute() throws IOException {
        int[] sizes = ints(System.getProperty("benchmark.sizes", "1000,10000,100000"));
        List<Latency> latencies = Arrays.stream(System.getProperty("benchmark.latencies", "0,200+2").split(","))
                .map(Latency::parse).toList();
        int naiveSize = Integer.getInteger("benchmark.naive-size", 1000);
        int naiveSizeSlow = Integer.getInteger("benchmark.naive-size-slow", 50);

        say("Machine: %d cores, %s %s, max heap %d MiB (service JVM; the simulator runs in a JVM of its own)",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), HeapMeter.maxHeap() >> 20);
        say("JVM arguments: %s", ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-X")).toList());
        say("");
        threeWay(Arrays.stream(System.getProperty("benchmark.push-latencies", "0,100").split(",")).map(Latency::parse).toList(),
                Integer.getInteger("benchmark.push-size", 1000));
        int round = 0;
        for (Latency latency : latencies) {
            int m = latency.perCall().isZero() && latency.perRecord().isZero() ? naiveSize : naiveSizeSlow;
            freshBacklog(m, latency, "n" + round++);
            Pass naive = naive("naive route", m, latency);
            check(naive.outcomes().equals(Map.of("EXPORTED", m)), "naive route exported all " + m + ": " + naive.outcomes());
            forgetExports();
            Pass naiveAgain = naive("naive route, re-run", m, latency);

            List<Pass> passes = new ArrayList<>(List.of(naive, naiveAgain));
            List<String> ratios = new ArrayList<>();
            for (int n : sizes) {
                List<Long> ids = freshBacklog(n, latency, "p" + round++);
                Pass pipeline = drain("pipeline", n, latency);
                long leads = leadsInOrg();
                Pass repush = push("pipeline, re-push by id", ids, latency);
                forgetExports();
                Pass rerun = drain("pipeline, re-run", n, latency);
                passes.addAll(List.of(pipeline, repush, rerun));

                check(pipeline.outcomes().equals(Map.of("EXPORTED", n)) && leads == n,
                        "%,d contacts at %s: all exported without errors (%s, %,d Leads)".formatted(n, latency, pipeline.outcomes(), leads));
                long leadsAfterRerun = leadsInOrg();
                check(rerun.outcomes().equals(Map.of("EXPORTED", n)) && leadsAfterRerun == n,
                        "re-run found all %,d by their sync key and created none: %s, %,d Leads".formatted(n, rerun.outcomes(),
                                leadsAfterRerun));
                long callsNoLogin = pipeline.calls() - pipeline.byEndpoint().getOrDefault("token", 0L);
                if (n == 1000) {
                    check(callsNoLogin <= 3, "≤ 3 API calls for 1,000 new contacts, owner query included, login not: %d"
                            .formatted(callsNoLogin));
                } else if (n > 1000) {
                    check(callsNoLogin * 1000.0 / n <= 2.5, "≤ 2.5 API calls per 1,000 new contacts at %,d (login not counted): %.2f"
                            .formatted(n, callsNoLogin * 1000.0 / n));
                }
                check(pipeline.maxRequestBytes() <= 16_384 && rerun.maxRequestBytes() <= 16_384,
                        "no request over 16,384 bytes of URI plus headers: %,d".formatted(Math.max(pipeline.maxRequestBytes(), rerun.maxRequestBytes())));
                double scale = (double) n / m;
                double naiveSeconds = seconds(naive) * scale;
                double timeRatio = seconds(pipeline) / naiveSeconds;
                ratios.add(("| %,d | %s | %,.0f / %,.0f (%.4f) | %s / %s extrapolated (1/%,.0f) | %,.0f / %,.0f contacts/s (%.0f×) |")
                        .formatted(n, latency, (double) pipeline.calls(), naive.calls() * scale, pipeline.calls() / (naive.calls() * scale),
                                seconds(pipeline.wall()), seconds(Duration.ofMillis((long) (naiveSeconds * 1000))), 1 / timeRatio,
                                pipeline.perSecond(), naive.perSecond(), pipeline.perSecond() / naive.perSecond()));
                double cpuPerSecond = n / Math.max(0.001, pipeline.cpu().total().toNanos() / 1e9);
                say("%,d contacts at %s: %.1f CPU-seconds in all (service, simulator, PostgreSQL), so %,.0f contacts/s "
                        + "on %d cores of its own", n, latency, pipeline.cpu().total().toNanos() / 1e9,
                        cpuPerSecond * Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().availableProcessors());
                if (!latency.perCall().isZero()) {
                    check(timeRatio <= 1.0 / 50, "at %s the pipeline takes ≤ 1/50 of the naive time at %,d: 1/%,.0f".formatted(latency, n, 1 / timeRatio));
                } else if (n >= 10_000) {
                    check(pipeline.perSecond() >= 1000, "≥ 1,000 contacts/s at 0 ms for %,d: %,.0f".formatted(n, pipeline.perSecond()));
                }
                if (n >= 100_000 && HeapMeter.maxHeap() <= 256L << 20) {
                    check(pipeline.outcomes().equals(Map.of("EXPORTED", n)), "%,d-contact backlog drained with the heap capped at %d MiB"
                            .formatted(n, HeapMeter.maxHeap() >> 20));
                }
            }
            say("### Latency %s per call", latency);
            say("");
            say(HEADER);
            passes.forEach(p -> say(row(p)));
            say("");
            say("Naive route: %,d contacts measured, extrapolated linearly to N in the ratios.", m);
            say("");
            say("| N | latency | API calls pipeline / naive | wall pipeline / naive | throughput pipeline / naive |");
            say("| ---: | --- | ---: | ---: | ---: |");
            ratios.forEach(this::say);
            say("");
            passes.forEach(p -> say("%s, %,d contacts at %s: %s", p.what(), p.contacts(), latency, p.byEndpoint()));
            say("");
        }
        say("### Goals");
        say("");
        say(missed.isEmpty() ? "All goals met." : "MISSED:\n- " + String.join("\n- ", missed));
        Path out = Path.of("target", "benchmark-results.md");
        Files.writeString(out, String.join("\n", report) + "\n");
        System.out.println("Written to " + out.toAbsolutePath());
        assertThat(missed).as("benchmark goals").isEmpty();
    }

    /**
     * One manual push of {@code size} new contacts by a warm service, beside the careful batch script (owners
     * read once; per 200 one Email IN query and one Collections create) and the naive route, at each latency.
     */
    private void threeWay(List<Latency> latencies, int size) {
        List<String> rows = new ArrayList<>();
        List<Pass> passes = new ArrayList<>();
        int round = 0;
        for (Latency latency : latencies) {
            int m = latency.perCall().isZero() ? Math.min(size, 1000) : 50;
            freshBacklog(m, latency, "three-naive" + round);
            Pass naive = naive("naive route", m, latency);
            freshBacklog(size, latency, "three-batch" + round);
            Pass batch = batch("batch script", size, latency);
            check(batch.outcomes().equals(Map.of("EXPORTED", size)), "batch script exported all %,d: %s".formatted(size, batch.outcomes()));
            // warm: the same push once before, on its own owners, so that the owner cache does not help the measured one
            List<Long> warm = freshBacklog(size, latency, "three-warm" + round);
            push("warm-up push", warm, latency);
            List<Long> ids = freshBacklog(size, latency, "three-push" + round++);
            Pass push = push("contact-sync, one push", ids, latency);
            check(push.outcomes().equals(Map.of("EXPORTED", size)), "push exported all %,d: %s".formatted(size, push.outcomes()));
            passes.addAll(List.of(naive, batch, push));
            long pushCalls = push.calls() - push.byEndpoint().getOrDefault("token", 0L);
            long batchCalls = batch.calls() - batch.byEndpoint().getOrDefault("token", 0L);
            double scale = (double) size / m;
            double naiveSeconds = seconds(naive) * scale;
            double ratio = seconds(push) / seconds(batch);
            rows.add("| %s | %,.0f / %s | %,d / %s | %,d / %s | %.2f× / %.2f× | 1/%,.0f |".formatted(latency,
                    naive.calls() * scale, seconds(Duration.ofMillis((long) (naiveSeconds * 1000))), batchCalls,
                    seconds(batch.wall()), pushCalls, seconds(push.wall()), (double) pushCalls / batchCalls, ratio,
                    naiveSeconds / seconds(push)));
            if (size == 1000) {
                check(pushCalls <= 3, "one push of 1,000 at %s: ≤ 3 calls incl. the owner query: %d".formatted(latency, pushCalls));
            }
            if (latency.perCall().toMillis() >= 100) {
                check(ratio <= 0.5, "at %s the push takes ≤ 0.5× the batch script's time: %.2f×".formatted(latency, ratio));
            } else if (latency.perCall().isZero()) {
                check(ratio <= 1.5, "at 0 ms the push takes ≤ 1.5× the batch script's time: %.2f×".formatted(ratio));
            }
        }
        say("### One manual push of %,d new contacts: naive route, batch script, contact-sync", size);
        say("");
        say(HEADER);
        passes.forEach(p -> say(row(p)));
        say("");
        say("| latency per call | naive calls / wall (extrapolated) | batch script calls / wall | contact-sync calls / wall "
                + "| contact-sync / batch script (calls / wall) | wall contact-sync / naive |");
        say("| --- | ---: | ---: | ---: | ---: | ---: |");
        rows.forEach(this::say);
        say("");
        passes.forEach(p -> say("%s, %,d contacts at %s: %s", p.what(), p.contacts(), p.latency(), p.byEndpoint()));
        say("");
    }

    private void check(boolean met, String goal) {
        say("%s %s", met ? "[met]   " : "[MISSED]", goal);
        if (!met) {
            missed.add(goal);
        }
    }

    private void say(String format, Object... args) {
        String line = args.length == 0 ? format : format.formatted(args);
        report.add(line);
        System.out.println(line);
    }

    private static double seconds(Pass pass) {
        return pass.wall().toNanos() / 1e9;
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    }
}
