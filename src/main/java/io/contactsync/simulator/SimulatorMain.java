package io.contactsync.simulator;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the Salesforce simulator alone, so that any Salesforce client can be pointed at it:
 * {@code java -Dloader.main=io.contactsync.simulator.SimulatorMain -cp target/contact-sync.jar
 * org.springframework.boot.loader.launch.PropertiesLauncher --port=8091 --state-file=data/simulator/state.json}
 */
public final class SimulatorMain {

    private SimulatorMain() { }

    public static void main(String[] args) throws InterruptedException {
        SimulatorSettings settings = new SimulatorSettings();
        for (String arg : args) {
            String[] pair = arg.replaceFirst("^--", "").split("=", 2);
            String value = pair.length > 1 ? pair[1] : "true";
            switch (pair[0]) {
                case "port" -> settings.setPort(Integer.parseInt(value));
                case "host" -> settings.setHost(value);
                case "state-file" -> settings.setStateFile(value);
                case "username" -> settings.setUsername(value);
                case "password" -> settings.setPassword(value);
                case "latency" -> settings.setLatency(Duration.ofMillis(Long.parseLong(value)));
                case "latency-per-record" -> settings.setLatencyPerRecord(Duration.ofMillis(Long.parseLong(value)));
                case "fault-rate" -> settings.setFaultRate(Double.parseDouble(value));
                case "lock-row-rate" -> settings.setLockRowRate(Double.parseDouble(value));
                case "daily-api-limit" -> settings.setDailyApiLimit(Long.parseLong(value));
                case "token-lifetime" -> settings.setTokenLifetime(Duration.ofSeconds(Long.parseLong(value)));
                case "duplicate-rule" -> settings.setDuplicateRule(value);
                case "assignment-rule" -> settings.setAssignmentRule(Boolean.parseBoolean(value));
                case "assignment-rule-queue" -> settings.setAssignmentRuleQueue(Boolean.parseBoolean(value));
                default -> throw new IllegalArgumentException("unknown option --" + pair[0] + " (port, host, state-file, "
                        + "username, password, latency, latency-per-record, fault-rate, lock-row-rate, daily-api-limit, "
                        + "token-lifetime, duplicate-rule, assignment-rule, assignment-rule-queue)");
            }
        }
        SalesforceSimulator simulator = new SalesforceSimulator(settings);
        simulator.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.stop();
            stopped.countDown();
        }));
        System.out.println("Salesforce simulator at " + simulator.loginUrl() + " — log in with client id and secret of your "
                + "choice, user " + settings.getUsername() + ", password " + settings.getPassword());
        stopped.await();
    }
}
