package io.contactsync.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stateful stand-in for a Salesforce org over HTTP: the OAuth token endpoint, the REST API's
 * describe, limits, sObject rows, sObject Collections, Composite and SOQL query/queryMore, with
 * Salesforce's paths, status codes, headers, error bodies and id format. It counts the calls it
 * serves per endpoint and has knobs for latency, faults, the daily API allowance and token lifetime
 * ({@link SimulatorSettings}); {@code /__admin} reads and turns them.
 */
public class SalesforceSimulator {

    private static final Logger LOG = LoggerFactory.getLogger(SalesforceSimulator.class);
    private static final Pattern VERSION = Pattern.compile("^/services/data/v(\\d+\\.\\d)(/.*)?$");
    private static final Pattern REFERENCE = Pattern.compile("@\\{([A-Za-z0-9_]+)\\.([^}]+)}");
    private static final int PAGE = 2000;
    private static final int COLLECTION_LIMIT = 200;

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
    private final OrgStore store;
    private final SoqlEngine soql;
    private final ObjectMapper json = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final AtomicLong totalCalls = new AtomicLong();
    private final AtomicLong apiUsage = new AtomicLong();
    private final AtomicInteger maxRequestBytes = new AtomicInteger();
    private final AtomicInteger fail503 = new AtomicInteger();
    private final AtomicInteger failRecords = new AtomicInteger();
    private volatile String recordFault = "UNABLE_TO_LOCK_ROW";
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final Map<String, List<Map<String, Object>>> cursors = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, List<Map<String, Object>>> eldest) {
                    return size() > 200;
                }
            });
    private final AtomicLong cursorNumber = new AtomicLong(1);
    private final SecureRandom tokens = new SecureRandom();
    private final Random faults;
    private volatile LocalDate usageDay = LocalDate.now(ZoneOffset.UTC);
    private String orgId;
    private HttpServer server;
    private ExecutorService workers;
    private ScheduledExecutorService saver;

    /** A logged-in user: the access token's owner and when the token stops working. */
    private record Session(String userId, Instant expiresAt) { }

    private record Request(String method, String path, Map<String, String> query, Map<String, String> headers, byte[] body,
                           String version) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** An answer: status, a JSON-able body (or a String sent as is), headers, and how many records it carried. */
    private record Response(int status, Object body, Map<String, String> headers, int records) {
        static Response json(int status, Object body) {
            return new Response(status, body, Map.of(), 0);
        }

        static Response error(SalesforceError e) {
            if (e.status() == 300) {
                return json(300, e.asError().get("urls"));
            }
            return json(e.status(), List.of(e.asError()));
        }

        Response withRecords(int count) {
            return new Response(status, body, headers, count);
        }
    }

    public SalesforceSimulator(SimulatorSettings settings) {
        this.settings = settings;
        this.store = new OrgStore(schema, settings);
        this.soql = new SoqlEngine(store);
        this.faults = new Random(settings.getSeed());
    }

    // ---- lifecycle

    public synchronized void start() {
        if (server != null) {
            return;
        }
        orgId = SalesforceIds.id("00D", 4_242);
        if (!load()) {
            seedUsers(store);
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
        if (!settings.getStateFile().isBlank()) {
            saver = Executors.newSingleThreadScheduledExecutor(daemon("sf-simulator-save"));
            saver.scheduleWithFixedDelay(this::saveIfDirty, 2, 2, TimeUnit.SECONDS);
        }
        LOG.info("Salesforce simulator listening at {} (integration user {}, state {})", loginUrl(), settings.getUsername(),
                settings.getStateFile().isBlank() ? "in memory" : settings.getStateFile());
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
        dirty.set(true);
        saveIfDirty();
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

    /** Drops every record but the Users, which keep their ids; issued tokens stay valid. */
    public void reset() {
        store.clearExcept("User");
        cursors.clear();
        dirty.set(true);
    }

    public void resetCounters() {
        calls.clear();
        totalCalls.set(0);
        maxRequestBytes.set(0);
    }

    public long totalCalls() {
        return totalCalls.get();
    }

    public Map<String, Long> callCounts() {
        Map<String, Long> counts = new TreeMap<>();
        calls.forEach((endpoint, count) -> counts.put(endpoint, count.sum()));
        return counts;
    }

    public long apiUsage() {
        return apiUsage.get();
    }

    public void setApiUsage(long usage) {
        apiUsage.set(usage);
    }

    public int maxRequestBytesSeen() {
        return maxRequestBytes.get();
    }

    public List<Map<String, Object>> records(String type) {
        return store.all(type);
    }

    public String create(String type, Map<String, Object> fields) {
        dirty.set(true);
        return store.seed(type, fields, integrationUserId());
    }

    public void revokeTokens() {
        sessions.clear();
    }

    /**
     * The next {@code n} data calls answer 503 ("503"), or the next n records written in collections
     * fail with the given error code (e.g. "UNABLE_TO_LOCK_ROW", "REQUIRED_FIELD_MISSING").
     */
    public void failNext(int n, String kind) {
        if ("503".equals(kind)) {
            fail503.set(n);
        } else if (kind != null && kind.matches("[A-Z_]+")) {
            recordFault = kind;
            failRecords.set(n);
        } else {
            throw new IllegalArgumentException("unknown fault " + kind + " (503 or a Salesforce error code)");
        }
    }

    public String integrationUserId() {
        return store.lookup("User", "Username", settings.getUsername()).stream().findFirst().orElse(null);
    }

    private static void seedUsers(OrgStore store) {
        seedUser(store, "integration@contactsync.local", "Integration", "User", true);
        seedUser(store, "alice.seller@example.com", "Alice", "Seller", true);
        seedUser(store, "bob.closer@example.com", "Bob", "Closer", true);
        seedUser(store, "ina.former@example.com", "Ina", "Former", false);
        seedUser(store, "lead.router@contactsync.local", "Lead", "Router", true);
    }

    private static void seedUser(OrgStore store, String email, String first, String last, boolean active) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("Username", email);
        user.put("Email", email);
        user.put("FirstName", first);
        user.put("LastName", last);
        user.put("Alias", (first.charAt(0) + last).substring(0, Math.min(8, last.length() + 1)).toLowerCase(Locale.ROOT));
        user.put("IsActive", active);
        store.seed("User", user, null);
    }

    // ---- HTTP

    private void serve(HttpExchange exchange) {
        try (exchange) {
            Request request = read(exchange);
            Response response = answer(exchange, request);
            if (response.records() > 0 || !settings.getLatency().isZero()) {
                pause(settings.getLatency().plus(settings.getLatencyPerRecord().multipliedBy(response.records())));
            }
            write(exchange, response);
        } catch (Exception e) {
            LOG.warn("Salesforce simulator failed on {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.toString());
        }
    }

    private Response answer(HttpExchange exchange, Request request) {
        String path = request.path();
        if (path.startsWith("/__admin")) {
            return admin(request);
        }
        int size = requestSize(exchange);
        maxRequestBytes.accumulateAndGet(size, Math::max);
        count(endpoint(request));
        if (exchange.getRequestURI().getRawPath().length() + rawQueryLength(exchange) > settings.getMaxRequestBytes()) {
            return new Response(414, "URI Too Long", Map.of("Content-Type", "text/plain"), 0);
        }
        if (size > settings.getMaxRequestBytes()) {
            return new Response(431, "Request Header Fields Too Large", Map.of("Content-Type", "text/plain"), 0);
        }
        try {
            if (path.equals("/services/oauth2/token")) {
                return token(request);
            }
            if (path.equals("/services/oauth2/userinfo") || path.startsWith("/id/")) {
                Session session = session(request);
                return session == null ? invalidSession() : Response.json(200, identity(session.userId()));
            }
            if (path.equals("/services/oauth2/revoke")) {
                sessions.remove(form(request).getOrDefault("token", ""));
                return Response.json(200, Map.of());
            }
            if (path.equals("/services/data") || path.equals("/services/data/")) {
                return Response.json(200, versions());
            }
            Matcher version = VERSION.matcher(path);
            if (version.matches()) {
                return data(request, version.group(1), version.group(2) == null ? "" : version.group(2));
            }
            return Response.error(SalesforceError.notFound());
        } catch (SalesforceError e) {
            return Response.error(e);
        }
    }

    private Response data(Request request, String version, String rest) {
        double v = Double.parseDouble(version);
        if (v < 20.0 || v > 64.0) {
            return Response.error(SalesforceError.notFound());
        }
        Session session = session(request);
        if (session == null) {
            return invalidSession();
        }
        rollUsageDay();
        if (apiUsage.get() >= settings.getDailyApiLimit()) {
            return limited(Response.json(403, List.of(Map.of("message", "TotalRequests Limit exceeded.",
                    "errorCode", "REQUEST_LIMIT_EXCEEDED"))));
        }
        apiUsage.incrementAndGet();
        if (fail503.getAndUpdate(n -> Math.max(0, n - 1)) > 0 || chance(settings.getFaultRate())) {
            return limited(Response.json(503, List.of(Map.of("message", "Server is temporarily unavailable. Please try again.",
                    "errorCode", "SERVER_UNAVAILABLE"))));
        }
        Request versioned = new Request(request.method(), request.path(), request.query(), request.headers(), request.body(), version);
        Response response;
        try {
            response = route(versioned, session, trim(rest));
        } catch (SalesforceError e) {
            response = Response.error(e);
        }
        return limited(response);
    }

    private Response limited(Response response) {
        Map<String, String> headers = new LinkedHashMap<>(response.headers());
        headers.put("Sforce-Limit-Info", "api-usage=" + apiUsage.get() + "/" + settings.getDailyApiLimit());
        return new Response(response.status(), response.body(), headers, response.records());
    }

    private Response route(Request request, Session session, String rest) {
        String[] parts = rest.isEmpty() ? new String[0] : rest.split("/");
        String method = request.method();
        if (parts.length == 0) {
            return Response.json(200, resources(request.version()));
        }
        switch (parts[0]) {
            case "sobjects":
                return sobjects(request, session, parts, method);
            case "limits":
                return Response.json(200, limits());
            case "query":
            case "queryAll":
                if (parts.length == 2) {
                    return queryMore(request, parts[1]);
                }
                return query(request);
            case "composite":
                if (parts.length == 1 && "POST".equals(method)) {
                    return composite(request, session);
                }
                if (parts.length >= 2 && "sobjects".equals(parts[1])) {
                    return collections(request, session, parts, method);
                }
                break;
            default:
                break;
        }
        throw SalesforceError.notFound();
    }

    private Response sobjects(Request request, Session session, String[] parts, String method) {
        if (parts.length == 1) {
            Map<String, Object> global = new LinkedHashMap<>();
            global.put("encoding", "UTF-8");
            global.put("maxBatchSize", COLLECTION_LIMIT);
            global.put("sobjects", schema.types().stream().map(t -> t.describeGlobal(request.version())).toList());
            return Response.json(200, global);
        }
        SObjectType type = type(parts[1]);
        if (parts.length == 2) {
            if ("POST".equals(method)) {
                String id = write(() -> store.insert(type, store.parse(type, object(request)), context(request, session)));
                Map<String, String> headers = Map.of("Location", OrgStore.url(type, request.version(), id));
                return new Response(201, result(id, null), headers, 1);
            }
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("objectDescribe", type.describeGlobal(request.version()));
            info.put("recentItems", List.of());
            return Response.json(200, info);
        }
        if (parts.length == 3 && "describe".equals(parts[2])) {
            return Response.json(200, type.describe(request.version()));
        }
        if (parts.length == 3) {
            String id = store.normalizeId(parts[2], type);
            switch (method) {
                case "GET" -> {
                    Map<String, Object> record = store.get(id);
                    if (record == null) {
                        throw SalesforceError.notFound();
                    }
                    return Response.json(200, full(type, record, request.query().get("fields"), request.version())).withRecords(1);
                }
                case "PATCH" -> {
                    write(() -> {
                        store.update(type, id, store.parse(type, object(request)), context(request, session));
                        return id;
                    });
                    return new Response(204, null, Map.of(), 1);
                }
                case "DELETE" -> {
                    write(() -> {
                        store.delete(type, id);
                        return id;
                    });
                    return new Response(204, null, Map.of(), 1);
                }
                default -> throw methodNotAllowed(method);
            }
        }
        if (parts.length == 4) {
            String field = parts[2];
            String value = parts[3];
            if ("GET".equals(method) || "DELETE".equals(method)) {
                String id = store.lookup(type.name(), field, value).stream().findFirst().orElseThrow(SalesforceError::notFound);
                if ("DELETE".equals(method)) {
                    write(() -> {
                        store.delete(type, id);
                        return id;
                    });
                    return new Response(204, null, Map.of(), 1);
                }
                return Response.json(200, full(type, store.get(id), request.query().get("fields"), request.version()));
            }
            if ("PATCH".equals(method) || "POST".equals(method)) {
                OrgStore.Upserted upserted = write(() -> store.upsert(type, field, value, store.parse(type, object(request)),
                        context(request, session)));
                Map<String, Object> body = result(upserted.id(), upserted.created());
                return new Response(upserted.created() ? 201 : 200, body,
                        Map.of("Location", OrgStore.url(type, request.version(), upserted.id())), 1);
            }
            throw methodNotAllowed(method);
        }
        throw SalesforceError.notFound();
    }

    // ---- sObject Collections

    private Response collections(Request request, Session session, String[] parts, String method) {
        OrgStore.WriteContext ctx = context(request, session);
        if ("DELETE".equals(method) && parts.length == 2) {
            List<String> ids = split(request.query().get("ids"));
            checkCollectionSize(ids.size());
            boolean allOrNone = Boolean.parseBoolean(request.query().getOrDefault("allOrNone", "false"));
            List<Map<String, Object>> results = writeEach(ids.size(), allOrNone, i -> {
                String id = ids.get(i);
                SObjectType type = schema.byPrefix(id);
                if (type == null) {
                    throw new SalesforceError(400, "MALFORMED_ID", "malformed id " + id, List.of());
                }
                store.delete(type, store.normalizeId(id, type));
                return result(store.normalizeId(id, type), null);
            });
            return Response.json(200, results).withRecords(ids.size());
        }
        if (("GET".equals(method) || "POST".equals(method)) && parts.length == 3) {
            SObjectType type = type(parts[2]);
            Map<String, Object> body = "POST".equals(method) ? object(request) : Map.of();
            List<String> ids = "POST".equals(method) ? strings(body.get("ids")) : split(request.query().get("ids"));
            String fields = "POST".equals(method) ? String.join(",", strings(body.get("fields"))) : request.query().get("fields");
            if (fields == null || fields.isBlank()) {
                throw new SalesforceError(400, "REQUIRED_FIELD_MISSING", "The fields parameter is required.", List.of());
            }
            List<Object> records = new ArrayList<>();
            for (String id : ids) {
                Map<String, Object> record = store.get(store.normalizeId(id, type));
                records.add(record == null ? null : full(type, record, fields, request.version()));
            }
            return Response.json(200, records).withRecords(ids.size());
        }
        Map<String, Object> body = object(request);
        boolean allOrNone = Boolean.TRUE.equals(body.get("allOrNone"));
        List<Map<String, Object>> records = records(body.get("records"));
        checkCollectionSize(records.size());
        List<SObjectType> types = new ArrayList<>();
        List<Map<String, Object>> parsed = new ArrayList<>();
        SObjectType upsertType = parts.length == 4 ? type(parts[2]) : null;
        for (Map<String, Object> record : records) {
            SObjectType type = recordType(record, upsertType);
            types.add(type);
            parsed.add(store.parse(type, record));
        }
        List<Map<String, Object>> results;
        if ("POST".equals(method) && parts.length == 2) {
            results = writeEach(records.size(), allOrNone, i -> {
                String id = store.insert(types.get(i), parsed.get(i), ctx);
                return result(id, null);
            });
        } else if ("PATCH".equals(method) && parts.length == 2) {
            results = writeEach(records.size(), allOrNone, i -> {
                Map<String, Object> fields = new LinkedHashMap<>(parsed.get(i));
                Object id = fields.remove("Id");
                if (id == null) {
                    throw new SalesforceError(400, "MISSING_ARGUMENT", "Id not specified in an update call", List.of());
                }
                String full = store.normalizeId(id.toString(), types.get(i));
                store.update(types.get(i), full, fields, ctx);
                return result(full, null);
            });
        } else if ("PATCH".equals(method) && parts.length == 4) {
            String field = parts[3];
            results = writeEach(records.size(), allOrNone, i -> {
                Map<String, Object> fields = new LinkedHashMap<>(parsed.get(i));
                SObjectField key = upsertType.field(field);
                Object value = key == null ? null : fields.get(key.name());
                if (value == null) {
                    throw new SalesforceError(400, "MISSING_ARGUMENT", field + " not specified", List.of());
                }
                OrgStore.Upserted upserted = store.upsert(types.get(i), field, value.toString(), fields, ctx);
                return result(upserted.id(), upserted.created());
            });
        } else {
            throw methodNotAllowed(method);
        }
        return Response.json(200, results).withRecords(records.size());
    }

    private interface RecordWrite {
        Map<String, Object> apply(int index);
    }

    /**
     * Writes each record, one result per record in input order; with allOrNone one failure takes
     * back all writes and the others report ALL_OR_NONE_OPERATION_ROLLED_BACK.
     */
    private List<Map<String, Object>> writeEach(int size, boolean allOrNone, RecordWrite write) {
        synchronized (store) {
            List<Runnable> undo = store.begin();
            try {
                List<Map<String, Object>> results = new ArrayList<>();
                boolean failed = false;
                for (int i = 0; i < size; i++) {
                    try {
                        if (failRecords.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                            throw injected(recordFault, i);
                        }
                        if (chance(settings.getLockRowRate())) {
                            throw injected("UNABLE_TO_LOCK_ROW", i);
                        }
                        int index = i;
                        results.add(store.atomically(() -> write.apply(index)));
                    } catch (SalesforceError e) {
                        failed = true;
                        results.add(failure(e));
                    }
                }
                if (allOrNone && failed) {
                    store.rollback(undo);
                    SalesforceError rolledBack = new SalesforceError(400, "ALL_OR_NONE_OPERATION_ROLLED_BACK",
                            "Record rolled back because not all records were valid and the request was using AllOrNone header",
                            List.of());
                    results.replaceAll(r -> Boolean.TRUE.equals(r.get("success")) ? failure(rolledBack) : r);
                }
                dirty.set(true);
                return results;
            } finally {
                store.end();
            }
        }
    }

    private static SalesforceError injected(String code, int index) {
        return "UNABLE_TO_LOCK_ROW".equals(code)
                ? new SalesforceError(400, code, "unable to obtain exclusive access to this record or 1 records: " + (index + 1),
                List.of())
                : new SalesforceError(400, code, "injected fault " + code + " on record " + (index + 1), List.of());
    }

    private void checkCollectionSize(int size) {
        if (size > COLLECTION_LIMIT) {
            throw new SalesforceError(400, "EXCEEDED_ID_LIMIT", "record limit reached. cannot submit more than "
                    + COLLECTION_LIMIT + " records into this call", List.of());
        }
    }

    private SObjectType recordType(Map<String, Object> record, SObjectType fallback) {
        Object attributes = record.get("attributes");
        Object name = attributes instanceof Map<?, ?> a ? a.get("type") : null;
        if (name == null) {
            if (fallback != null) {
                return fallback;
            }
            throw new SalesforceError(400, "INVALID_TYPE", "Must send a concrete entity type.", List.of());
        }
        return type(name.toString());
    }

    private static Map<String, Object> result(String id, Boolean created) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("id", id);
        result.put("success", true);
        result.put("errors", List.of());
        if (created != null) {
            result.put("created", created);
        }
        return result;
    }

    private static Map<String, Object> failure(SalesforceError e) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("success", false);
        result.put("errors", List.of(e.asCollectionError()));
        return result;
    }

    // ---- Composite

    private Response composite(Request request, Session session) {
        Map<String, Object> body = object(request);
        List<Map<String, Object>> subrequests = records(body.get("compositeRequest"));
        if (subrequests.isEmpty() || subrequests.size() > 25) {
            throw new SalesforceError(400, "INVALID_BATCH_REQUEST", "Composite Request limit is 25; received "
                    + subrequests.size(), null);
        }
        boolean allOrNone = Boolean.TRUE.equals(body.get("allOrNone"));
        Map<String, Object> bodies = new LinkedHashMap<>();
        List<Map<String, Object>> responses = new ArrayList<>();
        int records = 0;
        synchronized (store) {
            List<Runnable> undo = store.begin();
            try {
                boolean halted = false;
                for (Map<String, Object> sub : subrequests) {
                    String referenceId = String.valueOf(sub.get("referenceId"));
                    if (halted) {
                        responses.add(subresponse(halted(), referenceId, 400, Map.of()));
                        continue;
                    }
                    Response response;
                    try {
                        response = subrequest(request, session, sub, bodies);
                    } catch (SalesforceError e) {
                        response = Response.error(e);
                    }
                    records += response.records();
                    bodies.put(referenceId, response.body());
                    responses.add(subresponse(response.body(), referenceId, response.status(), response.headers()));
                    if (allOrNone && response.status() >= 400) {
                        halted = true;
                        store.rollback(undo);
                        for (int i = 0; i < responses.size() - 1; i++) {
                            Map<String, Object> earlier = responses.get(i);
                            responses.set(i, subresponse(halted(), (String) earlier.get("referenceId"), 400, Map.of()));
                        }
                    }
                }
            } finally {
                store.end();
            }
        }
        dirty.set(true);
        return Response.json(200, Map.of("compositeResponse", responses)).withRecords(records);
    }

    private Response subrequest(Request outer, Session session, Map<String, Object> sub, Map<String, Object> bodies) {
        String url = resolveReferences(String.valueOf(sub.get("url")), bodies);
        String method = String.valueOf(sub.getOrDefault("method", "GET")).toUpperCase(Locale.ROOT);
        byte[] payload = new byte[0];
        if (sub.get("body") != null) {
            payload = resolveReferences(write(sub.get("body")), bodies).getBytes(StandardCharsets.UTF_8);
        }
        int q = url.indexOf('?');
        String path = q < 0 ? url : url.substring(0, q);
        Map<String, String> query = q < 0 ? Map.of() : parseQuery(url.substring(q + 1));
        Map<String, String> headers = new LinkedHashMap<>(outer.headers());
        if (sub.get("httpHeaders") instanceof Map<?, ?> extra) {
            extra.forEach((k, v) -> headers.put(k.toString().toLowerCase(Locale.ROOT), v.toString()));
        }
        Matcher version = VERSION.matcher(path);
        if (!version.matches()) {
            throw new SalesforceError(400, "INVALID_URL", "The url " + url + " is not a valid REST API url", null);
        }
        Request inner = new Request(method, path, query, headers, payload, version.group(1));
        return route(inner, session, trim(version.group(2) == null ? "" : version.group(2)));
    }

    private static Map<String, Object> subresponse(Object body, String referenceId, int status, Map<String, String> headers) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("body", body);
        response.put("httpHeaders", headers);
        response.put("httpStatusCode", status);
        response.put("referenceId", referenceId);
        return response;
    }

    private static List<Map<String, Object>> halted() {
        return List.of(Map.of("errorCode", "PROCESSING_HALTED",
                "message", "The transaction was rolled back since another operation in the same transaction failed."));
    }

    @SuppressWarnings("unchecked")
    private String resolveReferences(String text, Map<String, Object> bodies) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Object value = bodies.get(m.group(1));
            for (String step : m.group(2).split("\\.")) {
                Matcher indexed = Pattern.compile("(\\w+)\\[(\\d+)]").matcher(step);
                if (indexed.matches() && value instanceof Map<?, ?> map && map.get(indexed.group(1)) instanceof List<?> list) {
                    value = list.get(Integer.parseInt(indexed.group(2)));
                } else {
                    value = value instanceof Map<?, ?> map ? ((Map<String, Object>) map).get(step) : null;
                }
            }
            if (value == null) {
                throw new SalesforceError(400, "PROCESSING_HALTED", "Invalid reference specified. No value for "
                        + m.group(1) + "." + m.group(2) + " found in " + m.group(1) + ".", null);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value.toString()));
        }
        m.appendTail(out);
        return out.toString();
    }

    // ---- SOQL

    private Response query(Request request) {
        String text = request.query().get("q");
        if (text == null || text.isBlank()) {
            throw new SalesforceError(400, "MALFORMED_QUERY", "unexpected token: <EOF>", null);
        }
        SoqlEngine.Query parsed = soql.parse(text);
        List<Map<String, Object>> rows = soql.run(parsed, request.version());
        if (parsed.count()) {
            return Response.json(200, page(rows.size(), true, null, List.of()));
        }
        return page(request, rows, 0, null);
    }

    private Response queryMore(Request request, String locatorAndOffset) {
        int dash = locatorAndOffset.lastIndexOf('-');
        List<Map<String, Object>> rows = dash < 0 ? null : cursors.get(locatorAndOffset.substring(0, dash));
        if (rows == null) {
            throw new SalesforceError(400, "INVALID_QUERY_LOCATOR", "invalid query locator", null);
        }
        return page(request, rows, Integer.parseInt(locatorAndOffset.substring(dash + 1)), locatorAndOffset.substring(0, dash));
    }

    private Response page(Request request, List<Map<String, Object>> rows, int offset, String locator) {
        int batch = batchSize(request.header("Sforce-Query-Options"));
        int end = Math.min(rows.size(), offset + batch);
        String next = null;
        if (end < rows.size()) {
            if (locator == null) {
                locator = SalesforceIds.id("01g", cursorNumber.getAndIncrement());
                cursors.put(locator, rows);
            }
            next = "/services/data/v" + request.version() + "/query/" + locator + "-" + end;
        }
        List<Map<String, Object>> records = rows.subList(Math.min(offset, rows.size()), end);
        return Response.json(200, page(rows.size(), next == null, next, records)).withRecords(records.size());
    }

    private static Map<String, Object> page(int total, boolean done, String next, List<Map<String, Object>> records) {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("totalSize", total);
        page.put("done", done);
        if (next != null) {
            page.put("nextRecordsUrl", next);
        }
        page.put("records", records);
        return page;
    }

    private static int batchSize(String options) {
        if (options != null) {
            Matcher m = Pattern.compile("batchSize=(\\d+)").matcher(options);
            if (m.find()) {
                return Math.max(200, Math.min(PAGE, Integer.parseInt(m.group(1))));
            }
        }
        return PAGE;
    }

    // ---- OAuth

    private Response token(Request request) {
        if (!"POST".equals(request.method())) {
            return oauthError("invalid_request", "must use HTTP POST");
        }
        Map<String, String> form = form(request);
        String grant = form.getOrDefault("grant_type", "");
        if (blank(form.get("client_id")) && !grant.contains("jwt-bearer")) {
            return oauthError("invalid_client_id", "client identifier invalid");
        }
        String userId;
        switch (grant) {
            case "password" -> {
                if (blank(form.get("client_secret"))) {
                    return oauthError("invalid_client", "invalid client credentials");
                }
                boolean known = settings.getUsername().equalsIgnoreCase(form.getOrDefault("username", ""))
                        && settings.getPassword().equals(form.get("password"));
                if (!known || settings.isLoginBlocked()) {
                    return oauthError("invalid_grant", "authentication failure");
                }
                userId = integrationUserId();
            }
            case "refresh_token" -> {
                if (settings.isLoginBlocked() || !settings.getRefreshToken().equals(form.get("refresh_token"))) {
                    return oauthError("invalid_grant", "expired access/refresh token");
                }
                userId = integrationUserId();
            }
            case "client_credentials" -> {
                if (blank(form.get("client_secret"))) {
                    return oauthError("invalid_client", "invalid client credentials");
                }
                if (settings.isLoginBlocked()) {
                    return oauthError("invalid_grant", "no client credentials user enabled");
                }
                userId = integrationUserId();
            }
            case "urn:ietf:params:oauth:grant-type:jwt-bearer" -> {
                userId = jwtUser(form.get("assertion"));
                if (userId == null || settings.isLoginBlocked()) {
                    return oauthError("invalid_grant", "user hasn't approved this consumer");
                }
            }
            default -> {
                return oauthError("unsupported_grant_type", "grant type not supported");
            }
        }
        String token = orgId.substring(0, 15) + "!" + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(72));
        sessions.put(token, new Session(userId, Instant.now().plus(settings.getTokenLifetime())));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", token);
        answer.put("instance_url", loginUrl());
        answer.put("id", loginUrl() + "/id/" + orgId + "/" + userId);
        answer.put("token_type", "Bearer");
        answer.put("issued_at", String.valueOf(System.currentTimeMillis()));
        answer.put("signature", Base64.getEncoder().encodeToString(randomBytes(32)));
        return Response.json(200, answer);
    }

    /** The user named by the JWT's subject when it is an active user and the token has not expired. */
    @SuppressWarnings("unchecked")
    private String jwtUser(String assertion) {
        if (assertion == null || assertion.split("\\.").length < 2) {
            return null;
        }
        try {
            Map<String, Object> claims = json.readValue(Base64.getUrlDecoder().decode(assertion.split("\\.")[1]), Map.class);
            Object exp = claims.get("exp");
            if (exp instanceof Number n && Instant.ofEpochSecond(n.longValue()).isBefore(Instant.now())) {
                return null;
            }
            String subject = String.valueOf(claims.get("sub"));
            return store.lookup("User", "Username", subject).stream()
                    .filter(id -> !Boolean.FALSE.equals(store.get(id).get("IsActive"))).findFirst().orElse(null);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private static Response oauthError(String error, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        return Response.json(400, body);
    }

    private Session session(Request request) {
        String authorization = request.header("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        Session session = sessions.get(token);
        if (session == null || session.expiresAt().isBefore(Instant.now())) {
            sessions.remove(token);
            return null;
        }
        return session;
    }

    private static Response invalidSession() {
        return Response.json(401, List.of(Map.of("message", "Session expired or invalid", "errorCode", "INVALID_SESSION_ID")));
    }

    private Map<String, Object> identity(String userId) {
        Map<String, Object> user = store.get(userId);
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("sub", loginUrl() + "/id/" + orgId + "/" + userId);
        identity.put("user_id", userId);
        identity.put("organization_id", orgId);
        identity.put("preferred_username", user.get("Username"));
        identity.put("nickname", user.get("Alias"));
        identity.put("name", user.get("Name"));
        identity.put("email", user.get("Email"));
        identity.put("email_verified", true);
        identity.put("given_name", user.get("FirstName"));
        identity.put("family_name", user.get("LastName"));
        identity.put("zoneinfo", "Europe/Berlin");
        identity.put("active", user.get("IsActive"));
        identity.put("user_type", "STANDARD");
        identity.put("language", "en_US");
        identity.put("locale", "en_US");
        identity.put("utcOffset", 3600000);
        identity.put("updated_at", user.get("LastModifiedDate"));
        return identity;
    }

    // ---- small answers

    private List<Map<String, Object>> versions() {
        List<Map<String, Object>> versions = new ArrayList<>();
        String[] seasons = {"Winter", "Spring", "Summer"};
        for (int v = 31; v <= 64; v++) {
            int step = v - 20;
            Map<String, Object> version = new LinkedHashMap<>();
            version.put("label", seasons[step % 3] + " '" + (11 + step / 3));
            version.put("url", "/services/data/v" + v + ".0");
            version.put("version", v + ".0");
            versions.add(version);
        }
        return versions;
    }

    private static Map<String, Object> resources(String version) {
        Map<String, Object> resources = new LinkedHashMap<>();
        for (String name : List.of("sobjects", "query", "queryAll", "limits", "composite")) {
            resources.put(name, "/services/data/v" + version + "/" + name);
        }
        return resources;
    }

    private Map<String, Object> limits() {
        Map<String, Object> limits = new LinkedHashMap<>();
        Object[][] fixed = {{"ConcurrentAsyncGetReportInstances", 200}, {"ConcurrentSyncReportRuns", 20},
            {"DailyApiRequests", 0}, {"DailyAsyncApexExecutions", 250000}, {"DailyBulkApiRequests", 5000},
            {"DailyDurableGenericStreamingApiEvents", 10000}, {"DailyDurableStreamingApiEvents", 10000},
            {"DailyGenericStreamingApiEvents", 10000}, {"DailyStreamingApiEvents", 10000}, {"DailyWorkflowEmails", 390},
            {"DataStorageMB", 5}, {"DurableStreamingApiConcurrentClients", 20}, {"FileStorageMB", 20},
            {"HourlyAsyncReportRuns", 1200}, {"HourlyDashboardRefreshes", 200}, {"HourlyDashboardResults", 5000},
            {"HourlyDashboardStatuses", 999999999}, {"HourlyODataCallout", 10000}, {"HourlySyncReportRuns", 500},
            {"HourlyTimeBasedWorkflow", 50}, {"MassEmail", 10}, {"SingleEmail", 15}, {"StreamingApiConcurrentClients", 20}};
        for (Object[] limit : fixed) {
            Map<String, Object> usage = new LinkedHashMap<>();
            if ("DailyApiRequests".equals(limit[0])) {
                usage.put("Max", settings.getDailyApiLimit());
                usage.put("Remaining", Math.max(0, settings.getDailyApiLimit() - apiUsage.get()));
            } else {
                usage.put("Max", limit[1]);
                usage.put("Remaining", limit[1]);
            }
            limits.put((String) limit[0], usage);
        }
        return limits;
    }

    private Map<String, Object> full(SObjectType type, Map<String, Object> record, String fields, String version) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("attributes", OrgStore.attributes(type, version, (String) record.get("Id")));
        if (fields == null || fields.isBlank()) {
            type.fields().forEach(f -> out.put(f.name(), record.get(f.name())));
        } else {
            for (String name : fields.split(",")) {
                SObjectField field = type.field(name.trim());
                if (field == null) {
                    throw new SalesforceError(400, "INVALID_FIELD", "No such column '" + name.trim() + "' on sobject of type "
                            + type.name(), null);
                }
                out.put(field.name(), record.get(field.name()));
            }
        }
        return out;
    }

    // ---- admin

    private Response admin(Request request) {
        String[] parts = trim(request.path()).split("/");
        String what = parts.length > 1 ? parts[1] : "";
        String method = request.method();
        String allowed = switch (what) {
            case "calls" -> "GET, DELETE";
            case "records" -> "GET";
            case "reset", "tokens" -> "POST";
            case "settings" -> "GET, PATCH, POST";
            default -> null;
        };
        // a GET (a link, a prefetch, a crawler) must never wipe or turn the org
        if (allowed != null && !List.of(allowed.split(", ")).contains(method)) {
            return new Response(405, Map.of("error", method + " is not allowed on /__admin/" + what + "; use " + allowed),
                    Map.of("Allow", allowed), 0);
        }
        try {
            switch (what) {
                case "calls" -> {
                    if ("DELETE".equals(method)) {
                        resetCounters();
                    }
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("total", totalCalls());
                    body.put("byEndpoint", callCounts());
                    body.put("maxRequestBytes", maxRequestBytesSeen());
                    body.put("apiUsage", apiUsage());
                    return Response.json(200, body);
                }
                case "records" -> {
                    if (parts.length < 3 || schema.type(parts[2]) == null) {
                        return Response.json(404, Map.of("error", "no such sObject type"));
                    }
                    return Response.json(200, records(schema.type(parts[2]).name()));
                }
                case "reset" -> {
                    reset();
                    resetCounters();
                    return Response.json(200, Map.of("reset", true));
                }
                case "tokens" -> {
                    revokeTokens();
                    return Response.json(200, Map.of("revoked", true));
                }
                case "settings" -> {
                    if ("PATCH".equals(method) || "POST".equals(method)) {
                        applySettings(object(request));
                    }
                    return Response.json(200, knobs());
                }
                default -> {
                    return Response.json(404, Map.of("error", "admin endpoints: calls, records/{type}, reset, tokens/revoke, settings"));
                }
            }
        } catch (SalesforceError | IllegalArgumentException e) {
            return Response.json(400, Map.of("error", String.valueOf(e.getMessage())));
        }
    }

    private Map<String, Object> knobs() {
        Map<String, Object> knobs = new LinkedHashMap<>();
        knobs.put("latencyMs", settings.getLatency().toMillis());
        knobs.put("latencyPerRecordMs", settings.getLatencyPerRecord().toMillis());
        knobs.put("faultRate", settings.getFaultRate());
        knobs.put("lockRowRate", settings.getLockRowRate());
        knobs.put("dailyApiLimit", settings.getDailyApiLimit());
        knobs.put("apiUsage", apiUsage.get());
        knobs.put("tokenLifetimeSeconds", settings.getTokenLifetime().toSeconds());
        knobs.put("duplicateRule", settings.getDuplicateRule());
        knobs.put("assignmentRule", settings.isAssignmentRule());
        knobs.put("loginBlocked", settings.isLoginBlocked());
        knobs.put("maxRequestBytes", settings.getMaxRequestBytes());
        return knobs;
    }

    private void applySettings(Map<String, Object> changes) {
        changes.forEach((key, value) -> {
            String text = String.valueOf(value);
            switch (key) {
                case "latencyMs" -> settings.setLatency(Duration.ofMillis(Long.parseLong(text)));
                case "latencyPerRecordMs" -> settings.setLatencyPerRecord(Duration.ofMillis(Long.parseLong(text)));
                case "faultRate" -> settings.setFaultRate(Double.parseDouble(text));
                case "lockRowRate" -> settings.setLockRowRate(Double.parseDouble(text));
                case "dailyApiLimit" -> settings.setDailyApiLimit(Long.parseLong(text));
                case "apiUsage" -> apiUsage.set(Long.parseLong(text));
                case "tokenLifetimeSeconds" -> settings.setTokenLifetime(Duration.ofSeconds(Long.parseLong(text)));
                case "duplicateRule" -> settings.setDuplicateRule(text);
                case "assignmentRule" -> settings.setAssignmentRule(Boolean.parseBoolean(text));
                case "loginBlocked" -> settings.setLoginBlocked(Boolean.parseBoolean(text));
                case "maxRequestBytes" -> settings.setMaxRequestBytes(Integer.parseInt(text));
                case "fail503" -> failNext(Integer.parseInt(text), "503");
                case "failLockRow" -> failNext(Integer.parseInt(text), "UNABLE_TO_LOCK_ROW");
                case "failRecords" -> {
                    String[] countAndCode = text.split(":", 2);
                    failNext(Integer.parseInt(countAndCode[0]), countAndCode.length > 1 ? countAndCode[1] : "UNABLE_TO_LOCK_ROW");
                }
                default -> throw new IllegalArgumentException("unknown setting " + key);
            }
        });
    }

    // ---- plumbing

    private <T> T write(java.util.function.Supplier<T> work) {
        T result = work.get();
        dirty.set(true);
        return result;
    }

    private OrgStore.WriteContext context(Request request, Session session) {
        String autoAssign = request.header("Sforce-Auto-Assign");
        String duplicates = request.header("Sforce-Duplicate-Rule-Header");
        return new OrgStore.WriteContext(session.userId(), request.version(),
                autoAssign == null || !autoAssign.trim().equalsIgnoreCase("FALSE"),
                duplicates != null && duplicates.replace(" ", "").toLowerCase(Locale.ROOT).contains("allowsave=true"));
    }

    private SObjectType type(String name) {
        SObjectType type = schema.type(name);
        if (type == null) {
            throw new SalesforceError(404, "NOT_FOUND", "The requested resource does not exist", null);
        }
        return type;
    }

    private static SalesforceError methodNotAllowed(String method) {
        return new SalesforceError(405, "METHOD_NOT_ALLOWED", "HTTP Method '" + method + "' not allowed. Allowed are GET,PATCH,DELETE,HEAD",
                null);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> object(Request request) {
        Object body = parseJson(request.body());
        if (!(body instanceof Map<?, ?>)) {
            throw new SalesforceError(400, "JSON_PARSER_ERROR", "Cannot deserialize instance of object from "
                    + (body instanceof List<?> ? "START_ARRAY" : "VALUE") + " value", null);
        }
        return (Map<String, Object>) body;
    }

    private Object parseJson(byte[] body) {
        if (body.length == 0) {
            throw new SalesforceError(400, "JSON_PARSER_ERROR", "The HTTP entity body is required, but this request has no "
                    + "entity body.", null);
        }
        try {
            return json.readValue(body, Object.class);
        } catch (IOException e) {
            String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            throw new SalesforceError(400, "JSON_PARSER_ERROR", message, null);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> records(Object value) {
        if (!(value instanceof List<?> list) || list.stream().anyMatch(item -> !(item instanceof Map<?, ?>))) {
            throw new SalesforceError(400, "JSON_PARSER_ERROR", "records must be a list of objects", null);
        }
        return (List<Map<String, Object>>) list;
    }

    private static List<String> strings(Object value) {
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }

    private static List<String> split(String ids) {
        if (ids == null || ids.isBlank()) {
            throw new SalesforceError(400, "REQUIRED_FIELD_MISSING", "At least 1 Id is required.", null);
        }
        return List.of(ids.split(","));
    }

    private String endpoint(Request request) {
        String path = request.path();
        if (path.startsWith("/services/oauth2/")) {
            return path.substring("/services/oauth2/".length());
        }
        if (path.startsWith("/id/")) {
            return "userinfo";
        }
        Matcher m = VERSION.matcher(path);
        if (!m.matches()) {
            return path.startsWith("/services/data") ? "versions" : "unknown";
        }
        String[] parts = trim(m.group(2) == null ? "" : m.group(2)).split("/");
        String method = request.method();
        if (parts.length == 0 || parts[0].isEmpty()) {
            return "resources";
        }
        return switch (parts[0]) {
            case "sobjects" -> parts.length == 1 ? "sobjects"
                    : parts.length == 2 ? ("POST".equals(method) ? "sobject-create" : "sobject-info")
                    : parts.length == 3 && "describe".equals(parts[2]) ? "describe"
                    : parts.length == 4 && ("PATCH".equals(method) || "POST".equals(method)) ? "sobject-upsert"
                    : switch (method) {
                        case "PATCH" -> "sobject-update";
                        case "DELETE" -> "sobject-delete";
                        default -> "sobject-get";
                    };
            case "query", "queryAll" -> parts.length == 2 ? "queryMore" : "query";
            case "limits" -> "limits";
            case "composite" -> parts.length == 1 ? "composite"
                    : parts.length == 4 ? "collections-upsert"
                    : switch (method) {
                        case "POST" -> parts.length == 3 ? "collections-retrieve" : "collections-create";
                        case "PATCH" -> "collections-update";
                        case "DELETE" -> "collections-delete";
                        default -> "collections-retrieve";
                    };
            default -> parts[0];
        };
    }

    private void count(String endpoint) {
        calls.computeIfAbsent(endpoint, e -> new LongAdder()).increment();
        totalCalls.incrementAndGet();
    }

    private static Request read(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String rawQuery = exchange.getRequestURI().getRawQuery();
        return new Request(exchange.getRequestMethod().toUpperCase(Locale.ROOT), exchange.getRequestURI().getPath(),
                rawQuery == null ? Map.of() : parseQuery(rawQuery), headers, body, null);
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.put(key, value);
        }
        return query;
    }

    private static Map<String, String> form(Request request) {
        return parseQuery(new String(request.body(), StandardCharsets.UTF_8));
    }

    /** Bytes of the request line and the header block, as a server limits them. */
    private static int requestSize(HttpExchange exchange) {
        String uri = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        int size = exchange.getRequestMethod().length() + 1 + uri.length() + " HTTP/1.1\r\n".length();
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            for (String value : header.getValue()) {
                size += header.getKey().length() + 2 + value.length() + 2;
            }
        }
        return size + 2;
    }

    private static int rawQueryLength(HttpExchange exchange) {
        String raw = exchange.getRequestURI().getRawQuery();
        return raw == null ? 0 : raw.length() + 1;
    }

    private void write(HttpExchange exchange, Response response) throws IOException {
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        byte[] bytes;
        if (response.body() == null) {
            bytes = new byte[0];
        } else if (response.body() instanceof String text && response.headers().containsKey("Content-Type")) {
            bytes = text.getBytes(StandardCharsets.UTF_8);
        } else {
            exchange.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
            bytes = json.writeValueAsBytes(response.body());
        }
        if (response.status() == 204 || bytes.length == 0) {
            exchange.sendResponseHeaders(response.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(response.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String trim(String path) {
        String trimmed = path;
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.startsWith("/") ? trimmed.substring(1) : trimmed;
    }

    private void rollUsageDay() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        if (!today.equals(usageDay)) {
            usageDay = today;
            apiUsage.set(0);
        }
    }

    private boolean chance(double rate) {
        if (rate <= 0) {
            return false;
        }
        synchronized (faults) {
            return faults.nextDouble() < rate;
        }
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        tokens.nextBytes(bytes);
        return bytes;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    // ---- state file

    @SuppressWarnings("unchecked")
    private boolean load() {
        if (settings.getStateFile().isBlank()) {
            return false;
        }
        Path file = Path.of(settings.getStateFile());
        if (!Files.exists(file)) {
            return false;
        }
        try {
            Map<String, Object> state = json.readValue(file.toFile(), Map.class);
            store.restore((Map<String, Object>) state.get("org"));
            apiUsage.set(((Number) state.getOrDefault("apiUsage", 0)).longValue());
            if (state.get("usageDay") != null) {
                usageDay = LocalDate.parse(state.get("usageDay").toString());
            }
            LOG.info("Salesforce simulator: state restored from {}", file);
            return true;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot read the simulator state " + file + ": " + e.getMessage(), e);
        }
    }

    private void saveIfDirty() {
        if (settings.getStateFile().isBlank() || !dirty.getAndSet(false)) {
            return;
        }
        Path file = Path.of(settings.getStateFile()).toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("org", store.snapshot());
            state.put("apiUsage", apiUsage.get());
            state.put("usageDay", usageDay.toString());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            json.writeValue(temp.toFile(), state);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            dirty.set(true);
            LOG.warn("Salesforce simulator: state not saved to {}: {}", file, e.getMessage());
        }
    }
}
