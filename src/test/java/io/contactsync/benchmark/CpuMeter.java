package io.contactsync.benchmark;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CPU time spent during one benchmark run by the service JVM, the simulator's JVM and the embedded
 * PostgreSQL server (its postmaster, found by its data directory, and the backends under it). On a
 * machine shared with other work the wall time depends on what else runs; the CPU time does not.
 */
final class CpuMeter {

    record Usage(Duration service, Duration simulator, Duration database) {
        Duration total() {
            return service.plus(simulator).plus(database);
        }
    }

    private final long simulatorPid;
    private final String dataDir;
    private final Usage start;

    private CpuMeter(long simulatorPid, String dataDir) {
        this.simulatorPid = simulatorPid;
        this.dataDir = dataDir;
        this.start = now();
    }

    static CpuMeter start(long simulatorPid, String dataDir) {
        return new CpuMeter(simulatorPid, dataDir);
    }

    Usage stop() {
        Usage end = now();
        return new Usage(end.service().minus(start.service()), end.simulator().minus(start.simulator()),
                end.database().minus(start.database()));
    }

    private Usage now() {
        Duration service = Duration.ofNanos(((com.sun.management.OperatingSystemMXBean)
                ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime());
        Duration simulator = ProcessHandle.of(simulatorPid).map(CpuMeter::cpu).orElse(Duration.ZERO);
        Duration database = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(dataDir))
                .filter(p -> p.info().command().orElse("").endsWith("postgres"))
                .flatMap(p -> Stream.concat(Stream.of(p), p.descendants()))
                .map(CpuMeter::cpu).reduce(Duration.ZERO, Duration::plus);
        return new Usage(service, simulator, database);
    }

    private static Duration cpu(ProcessHandle process) {
        Optional<Duration> cpu = process.info().totalCpuDuration();
        return cpu.orElse(Duration.ZERO);
    }
}
