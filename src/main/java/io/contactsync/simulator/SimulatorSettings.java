package io.contactsync.simulator;

import java.time.Duration;

/**
 * The simulator's knobs ({@code contactsync.simulator.*}). Changing one on the live object takes
 * effect with the next call, so tests and benchmarks can turn latency and faults on and off.
 */
public class SimulatorSettings {

    private int port = 8091;
    private String host = "localhost";
    private String stateFile = "";
    private String username = "integration@contactsync.local";
    private String password = "simulator";
    private String refreshToken = "simulator-refresh-token";
    private volatile Duration latency = Duration.ZERO;
    private volatile Duration latencyPerRecord = Duration.ZERO;
    private volatile double faultRate;
    private volatile double lockRowRate;
    private volatile long dailyApiLimit = 100_000;
    private volatile Duration tokenLifetime = Duration.ofHours(2);
    private volatile String duplicateRule = "block";
    private volatile boolean assignmentRule = true;
    private volatile boolean assignmentRuleQueue;
    private volatile boolean loginBlocked;
    private volatile boolean refreshTokenRotation;
    private volatile int maxRequestBytes = 16_384;
    private long seed = 42;

    public int getPort() { return port; }
    public void setPort(int port) { this.port = port; }
    public String getHost() { return host; }
    public void setHost(String host) { this.host = host; }
    public String getStateFile() { return stateFile; }
    public void setStateFile(String stateFile) { this.stateFile = stateFile == null ? "" : stateFile; }
    public String getUsername() { return username; }
    public void setUsername(String username) { this.username = username; }
    public String getPassword() { return password; }
    public void setPassword(String password) { this.password = password; }
    public String getRefreshToken() { return refreshToken; }
    public void setRefreshToken(String refreshToken) { this.refreshToken = refreshToken; }
    public Duration getLatency() { return latency; }
    public void setLatency(Duration latency) { this.latency = latency; }
    public Duration getLatencyPerRecord() { return latencyPerRecord; }
    public void setLatencyPerRecord(Duration latencyPerRecord) { this.latencyPerRecord = latencyPerRecord; }
    public double getFaultRate() { return faultRate; }
    public void setFaultRate(double faultRate) { this.faultRate = faultRate; }
    public double getLockRowRate() { return lockRowRate; }
    public void setLockRowRate(double lockRowRate) { this.lockRowRate = lockRowRate; }
    public long getDailyApiLimit() { return dailyApiLimit; }
    public void setDailyApiLimit(long dailyApiLimit) { this.dailyApiLimit = dailyApiLimit; }
    public Duration getTokenLifetime() { return tokenLifetime; }
    public void setTokenLifetime(Duration tokenLifetime) { this.tokenLifetime = tokenLifetime; }
    /**
     * standard: Salesforce's standard Lead and Contact duplicate rules (fuzzy name with e-mail, company or
     * phone; Allow with an alert on create, refused unless the request allows the save; report only on edit);
     * block: the same e-mail refused on create and edit; allow: the same e-mail refused unless the request
     * allows the save; off: no rule.
     */
    public String getDuplicateRule() { return duplicateRule; }
    public void setDuplicateRule(String duplicateRule) { this.duplicateRule = duplicateRule; }
    /** An active Lead assignment rule: Leads created without {@code Sforce-Auto-Assign: FALSE} go to the router. */
    public boolean isAssignmentRule() { return assignmentRule; }
    public void setAssignmentRule(boolean assignmentRule) { this.assignmentRule = assignmentRule; }
    /** The assignment rule routes new Leads to the queue "Inbound Leads" instead of the router user. */
    public boolean isAssignmentRuleQueue() { return assignmentRuleQueue; }
    public void setAssignmentRuleQueue(boolean assignmentRuleQueue) { this.assignmentRuleQueue = assignmentRuleQueue; }
    /** Every login refused with invalid_grant, as after a revoked app or an expired password. */
    public boolean isLoginBlocked() { return loginBlocked; }
    public void setLoginBlocked(boolean loginBlocked) { this.loginBlocked = loginBlocked; }
    /** Each refresh_token grant answers a new refresh token and the one presented stops working (issued tokens only). */
    public boolean isRefreshTokenRotation() { return refreshTokenRotation; }
    public void setRefreshTokenRotation(boolean refreshTokenRotation) { this.refreshTokenRotation = refreshTokenRotation; }
    public int getMaxRequestBytes() { return maxRequestBytes; }
    public void setMaxRequestBytes(int maxRequestBytes) { this.maxRequestBytes = maxRequestBytes; }
    public long getSeed() { return seed; }
    public void setSeed(long seed) { this.seed = seed; }
}
