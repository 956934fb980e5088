package io.contactsync.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.contactsync.simulator.Dispatch.Call;
import io.contactsync.simulator.Dispatch.Kind;
import io.contactsync.simulator.Dispatch.Match;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stateful stand-in for a Salesforce org over HTTP: the OAuth token endpoint, the REST API's
 * describe, limits, sObject rows, replication, sObject Collections, Composite and SOQL
 * query/queryAll/queryMore, with Salesforce's paths, status codes, headers, error bodies and id
 * format. One dispatch table maps each method and path to its handler and names the endpoint a call
 * is counted under; this class is the HTTP front (limits, faults, latency) and the API tests use.
 * Knobs ({@link SimulatorSettings}) and {@code /__admin} turn latency, faults, the daily API
 * allowance and token lifetime.
 */
public class SalesforceSimulator {

    private static final Logger LOG = LoggerFactory.getLogger(SalesforceSimulator.class);

    static {
        // The JDK server writes a response's headers and body in two segments; with Nagle's algorithm on,
        // the body waits for the client's delayed ACK (40 ms on Linux), so every call took 40 ms more
        // than the latency set. Read once, when the first HttpServer starts: set it before.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final SimulatorSettings settings;
    private final OrgSchema schema = new OrgSchema();
    private final OrgStore store = new OrgStore(schema);
    private final RecordWriter writer;
    private final Sessions sessions = new Sessions();
    private final Usage usage = new Usage();
    private final FaultInjector faults;
    private final StateFile stateFile;
    private final QueryHandler queries;
    private final OAuthHandler oauth;
    private final Dispatch routes = new Dispatch();
    private HttpServer server;
    private ExecutorService workers;
    private ScheduledExecutorService saver;

    public SalesforceSimulator(SimulatorSettings settings) {
        this.settings = settings;
        this.writer = new RecordWriter(store, settings);
        this.faults = new FaultInjector(settings);
        this.stateFile = new StateFile(settings, store, usage);
        this.queries = new QueryHandler(new SoqlEngine(store));
        OAuthGrants grants = new OAuthGrants();
        this.oauth = new OAuthHandler(settings, store, sessions, grants, this::loginUrl);
        AuthorizeHandler authorize = new AuthorizeHandler(settings, oauth, grants);
        IdentityHandler identity = new IdentityHandler(store, this::loginUrl);
        OrgInfoHandler org = new OrgInfoHandler(schema, settings, usage, this::loginUrl);
        SObjectHandler sobjects = new SObjectHandler(schema, writer);
        ReplicationHandler replication = new ReplicationHandler(schema, store);
        CollectionsHandler collections = new CollectionsHandler(schema, writer, faults);
        CompositeHandler composite = new CompositeHandler(store, routes);
        AdminHandler admin = new AdminHandler(this, writer);
        CompositeBatchHandler batch = new CompositeBatchHandler(routes, () -> usage.spend(settings.getDailyApiLimit()));
        CompositeTreeHandler tree = new CompositeTreeHandler(schema, writer);
        BulkIngestHandler bulk = new BulkIngestHandler(schema, writer);
        routes.add("*", "/services/oauth2/token", "token", Kind.OPEN, oauth::token)
                .add("GET", "/services/oauth2/authorize", "authorize", Kind.OPEN, authorize::authorize)
                .add("POST", "/services/oauth2/authorize", "authorize", Kind.OPEN, authorize::authorize)
                .add("*", "/services/oauth2/revoke", "revoke", Kind.OPEN, oauth::revoke)
                .add("*", "/services/oauth2/userinfo", "userinfo", Kind.OPEN, identity::identity)
                .add("*", "/id/{org}/{user}", "identity", Kind.OPEN, identity::identityUrl)
                .add("*", "/services/data", "versions", Kind.OPEN, org::versions)
                .data("GET", "", "resources", org::resources)
                .data("GET", "/limits", "limits", org::limits)
                .data("GET", "/sobjects", "sobjects", org::describeGlobal)
                .data("GET", "/sobjects/{type}", "sobject-info", org::info)
                .data("POST", "/sobjects/{type}", "sobject-create", sobjects::create)
                .data("GET", "/sobjects/{type}/describe", "describe", org::describe)
                .data("GET", "/sobjects/{type}/updated", "sobject-updated", replication::updated)
                .data("GET", "/sobjects/{type}/deleted", "sobject-deleted", replication::deleted)
                .data("GET", "/sobjects/{type}/{id}", "sobject-get", sobjects::get)
                .data("PATCH", "/sobjects/{type}/{id}", "sobject-update", sobjects::update)
                .data("DELETE", "/sobjects/{type}/{id}", "sobject-delete", sobjects::delete)
                .data("GET", "/sobjects/{type}/{field}/{value}", "sobject-get", sobjects::getByExternalId)
                .data("DELETE", "/sobjects/{type}/{field}/{value}", "sobject-delete", sobjects::deleteByExternalId)
                .data("PATCH", "/sobjects/{type}/{field}/{value}", "sobject-upsert", sobjects::upsert)
                .data("POST", "/sobjects/{type}/{field}/{value}", "sobject-upsert", sobjects::upsert)
                .data("GET", "/query", "query", queries::query)
                .data("GET", "/queryAll", "query", queries::queryAll)
                .data("GET", "/query/{locator}", "queryMore", queries::queryMore)
                .data("GET", "/queryAll/{locator}", "queryMore", queries::queryMore)
                .data("POST", "/composite", "composite", composite::composite)
                .data("POST", "/composite/batch", "batch", batch::batch)
                .data("POST", "/composite/tree/{type}", "tree", tree::tree)
                .data("POST", "/jobs/ingest", "bulk", bulk::create)
                .data("GET", "/jobs/ingest", "bulk", bulk::list)
                .data("GET", "/jobs/ingest/{id}", "bulk", bulk::get)
                .data("PATCH", "/jobs/ingest/{id}", "bulk", bulk::changeState)
                .data("DELETE", "/jobs/ingest/{id}", "bulk", bulk::delete)
                .data("PUT", "/jobs/ingest/{id}/batches", "bulk", bulk::upload)
                .data("GET", "/jobs/ingest/{id}/successfulResults", "bulk", bulk::successfulResults)
                .data("GET", "/jobs/ingest/{id}/failedResults", "bulk", bulk::failedResults)
                .data("GET", "/jobs/ingest/{id}/unprocessedrecords", "bulk", bulk::unprocessedRecords)
                .data("POST", "/composite/sobjects", "collections-create", collections::create)
                .data("PATCH", "/composite/sobjects", "collections-update", collections::update)
                .data("DELETE", "/composite/sobjects", "collections-delete", collections::delete)
                .data("GET", "/composite/sobjects/{type}", "collections-retrieve", collections::retrieve)
                .data("POST", "/composite/sobjects/{type}", "collections-retrieve", collections::retrieve)
                .data("PATCH", "/composite/sobjects/{type}/{field}", "collections-upsert", collections::upsert)
                .add("GET", "/__admin/calls", "admin", Kind.ADMIN, admin::calls)
                .add("DELETE", "/__admin/calls", "admin", Kind.ADMIN, admin::calls)
                .add("GET", "/__admin/records/{type}", "admin", Kind.ADMIN, admin::records)
                .add("POST", "/__admin/reset", "admin", Kind.ADMIN, admin::reset)
                .add("POST", "/__admin/tokens/revoke", "admin", Kind.ADMIN, admin::revokeTokens)
                .add("POST", "/__admin/tokens", "admin", Kind.ADMIN, admin::revokeTokens)
                .add("GET", "/__admin/settings", "admin", Kind.ADMIN, admin::settings)
                .add("PATCH", "/__admin/settings", "admin", Kind.ADMIN, admin::settings)
                .add("POST", "/__admin/settings", "admin", Kind.ADMIN, admin::settings)
                .add("POST", "/__admin/as/{user}/records/{type}", "admin", Kind.ADMIN, admin::createAs)
                .add("PATCH", "/__admin/as/{user}/records/{type}/{id}", "admin", Kind.ADMIN, admin::changeAs)
                .add("DELETE", "/__admin/as/{user}/records/{type}/{id}", "admin", Kind.ADMIN, admin::changeAs)
                .add("POST", "/__admin/as/{user}/merge", "admin", Kind.ADMIN, admin::mergeAs)
                .add("POST", "/__admin/as/{user}/convert", "admin", Kind.ADMIN, admin::convertAs);
    }

    // ---- lifecycle

    public synchronized void start() {
        if (server != null) {
            return;
        }
        if (!stateFile.load()) {
            seedUsers();
        }
        if (store.all("Group").isEmpty()) {
            store.seed("Group", Map.of("Name", AssignmentRule.QUEUE, "DeveloperName", "Inbound_Leads", "Type", "Queue"),
                    integrationUserId());
        }
        try {
            server = HttpServer.create(new InetSocketAddress(settings.getHost(), settings.getPort()), 200);
        } catch (IOException e) {
            throw new IllegalStateException("The Salesforce simulator cannot listen on " + settings.getHost() + ":"
                    + settings.getPort() + ": " + e.getMessage(), e);
        }
        workers = Executors.newFixedThreadPool(32, daemon("sf-simulator"));
        server.setExecutor(workers);
        server.createContext("/", this::serve);
        server.start();
        if (stateFile.enabled()) {
            saver = Executors.newSingleThreadScheduledExecutor(daemon("sf-simulator-save"));
            saver.scheduleWithFixedDelay(stateFile::saveIfChanged, 2, 2, TimeUnit.SECONDS);
        }
        LOG.info("Salesforce simulator listening at {} (integration user {}, state {})", loginUrl(), settings.getUsername(),
                stateFile.enabled() ? settings.getStateFile() : "in memory");
    }

    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.stop(0);
        workers.shutdownNow();
        if (saver != null) {
            saver.shutdownNow();
        }
        stateFile.changed();
        stateFile.saveIfChanged();
        server = null;
    }

    public String loginUrl() {
        return "http://" + settings.getHost() + ":" + port();
    }

    public int port() {
        return server == null ? settings.getPort() : server.getAddress().getPort();
    }

    public SimulatorSettings settings() {
        return settings;
    }

    // ---- for tests and benchmarks

    /** Drops every record but the Users and queues, which keep their ids; issued tokens stay valid. */
    public void reset() {
        store.clearExcept("User", "Group");
        queries.clear();
        stateFile.changed();
    }

    public void resetCounters() {
        usage.resetCounters();
    }

    public long totalCalls() {
        return usage.totalCalls();
    }

    public Map<String, Long> callCounts() {
        return usage.callCounts();
    }

    public long apiUsage() {
        return usage.apiUsage();
    }

    public void setApiUsage(long apiUsage) {
        usage.setApiUsage(apiUsage);
    }

    public int maxRequestBytesSeen() {
        return usage.maxRequestBytes();
    }

    public List<Map<String, Object>> records(String type) {
        return store.all(type);
    }

    public String create(String type, Map<String, Object> fields) {
        stateFile.changed();
        return store.seed(type, fields, integrationUserId());
    }

    public void revokeTokens() {
        sessions.revokeAll();
    }

    /**
     * The next {@code n} data calls answer 503 ("503"), or the next n records written in collections
     * fail with the given error code (e.g. "UNABLE_TO_LOCK_ROW", "REQUIRED_FIELD_MISSING").
     */
    public void failNext(int n, String kind) {
        faults.failNext(n, kind);
    }

    public String integrationUserId() {
        return oauth.integrationUserId();
    }

    /** The org's users, created and last changed by the integration user; every active one can log in. */
    private void seedUsers() {
        seedUser("integration@contactsync.local", "Integration", "User", true);
        seedUser("alice.seller@example.com", "Alice", "Seller", true);
        seedUser("bob.closer@example.com", "Bob", "Closer", true);
        seedUser("ina.former@example.com", "Ina", "Former", false);
        seedUser(AssignmentRule.ROUTER, "Lead", "Router", true);
        String integration = integrationUserId();
        for (Map<String, Object> user : store.all("User")) {
            Map<String, Object> stamped = new LinkedHashMap<>(user);
            stamped.put("CreatedById", integration);
            stamped.put("LastModifiedById", integration);
            store.put(schema.type("User"), stamped);
        }
    }

    private void seedUser(String email, String first, String last, boolean active) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("Username", email);
        user.put("Email", email);
        user.put("FirstName", first);
        user.put("LastName", last);
        user.put("Alias", (first.charAt(0) + last).substring(0, Math.min(8, last.length() + 1)).toLowerCase(Locale.ROOT));
        user.put("IsActive", active);
        store.seed("User", user, null);
    }

    // ---- HTTP front

    private void serve(HttpExchange exchange) {
        try (exchange) {
            SimRequest request = HttpIo.read(exchange);
            SimResponse response = answer(exchange, request);
            if (response.records() > 0 || !settings.getLatency().isZero()) {
                pause(settings.getLatency().plus(settings.getLatencyPerRecord().multipliedBy(response.records())));
            }
            HttpIo.write(exchange, response);
        } catch (Exception e) {
            LOG.warn("Salesforce simulator failed on {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.toString());
        }
    }

    private SimResponse answer(HttpExchange exchange, SimRequest request) {
        Match match = routes.match(request.method(), request.path());
        if (match.kind() == Kind.ADMIN) {
            return admin(request, match);
        }
        int size = HttpIo.requestSize(exchange);
        usage.count(match.endpoint(), size);
        if (HttpIo.uriLength(exchange) > settings.getMaxRequestBytes()) {
            return SimResponse.text(414, "URI Too Long");
        }
        if (size > settings.getMaxRequestBytes()) {
            return SimResponse.text(431, "Request Header Fields Too Large");
        }
        if (!"GET".equals(request.method())) {
            stateFile.changed();
        }
        try {
            return match.kind() == Kind.DATA ? data(request.withVersion(match.version()), match) : handle(request, match, sessions.find(request));
        } catch (SalesforceError e) {
            return SimResponse.error(e);
        }
    }

    private SimResponse data(SimRequest request, Match match) {
        double version = Double.parseDouble(request.version());
        if (version < 20.0 || version > 64.0) {
            return SimResponse.error(SalesforceError.notFound());
        }
        Session session = sessions.find(request);
        if (session == null) {
            return SimResponse.json(401, List.of(Map.of("message", "Session expired or invalid", "errorCode", "INVALID_SESSION_ID")));
        }
        if (!usage.spend(settings.getDailyApiLimit())) {
            return limited(SimResponse.json(403, List.of(Map.of("message", "TotalRequests Limit exceeded.",
                    "errorCode", "REQUEST_LIMIT_EXCEEDED"))));
        }
        if (faults.unavailable()) {
            return limited(SimResponse.json(503, List.of(Map.of("message", "Server is temporarily unavailable. Please try again.",
                    "errorCode", "SERVER_UNAVAILABLE"))));
        }
        SimResponse response;
        try {
            response = handle(request, match, session);
        } catch (SalesforceError e) {
            response = SimResponse.error(e);
        }
        return limited(response);
    }

    private static SimResponse handle(SimRequest request, Match match, Session session) {
        if (!match.found()) {
            throw match.allowed().isEmpty() ? SalesforceError.notFound()
                    : Bodies.methodNotAllowed(request.method(), String.join(",", match.allowed()) + ",HEAD");
        }
        return match.route().handler().handle(new Call(request, session, match.params()));
    }

    private SimResponse limited(SimResponse response) {
        return response.withHeader("Sforce-Limit-Info", "api-usage=" + usage.apiUsage() + "/" + settings.getDailyApiLimit());
    }

    private SimResponse admin(SimRequest request, Match match) {
        if (!match.found()) {
            if (match.allowed().isEmpty()) {
                return SimResponse.json(404, Map.of("error", AdminHandler.HELP));
            }
            // a GET (a link, a prefetch, a crawler) must never wipe or turn the org
            String allowed = String.join(", ", match.allowed());
            String what = request.path().replaceFirst("^/__admin/?", "").split("/")[0];
            return new SimResponse(405, Map.of("error", request.method() + " is not allowed on /__admin/" + what + "; use " + allowed),
                    Map.of("Allow", allowed), 0);
        }
        try {
            if (!"GET".equals(request.method())) {
                stateFile.changed();
            }
            return match.route().handler().handle(new Call(request, null, match.params()));
        } catch (SalesforceError | IllegalArgumentException e) {
            return SimResponse.json(400, Map.of("error", String.valueOf(e.getMessage())));
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
