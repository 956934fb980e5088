package io.contactsync.simulator;

import io.contactsync.simulator.Dispatch.Call;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /composite}: up to 25 subrequests, at most 5 of them queries or sObject Collections, served in
 * order by the same dispatch table as single calls, with {@code @{ref.field}} references to earlier
 * answers; with {@code allOrNone} the first failure takes back every write and the rest answer
 * PROCESSING_HALTED. The whole request is one API call. A query subrequest carries its SOQL in the body,
 * so the URI limit does not bind it; the SOQL limits do ({@link SoqlLimits}).
 */
final class CompositeHandler {

    private static final Pattern REFERENCE = Pattern.compile("@\\{([A-Za-z0-9_]+)\\.([^}]+)}");
    private static final Pattern INDEXED = Pattern.compile("(\\w+)\\[(\\d+)]");
    static final int MAX_SUBREQUESTS = 25;
    /** Of the subrequests, at most this many may be queries or sObject Collections. */
    static final int MAX_QUERIES_AND_COLLECTIONS = 5;

    private final OrgStore store;
    private final Dispatch routes;

    CompositeHandler(OrgStore store, Dispatch routes) {
        this.store = store;
        this.routes = routes;
    }

    SimResponse composite(Call call) {
        Map<String, Object> body = Json.object(call.request());
        List<Map<String, Object>> subrequests = Json.records(body.get("compositeRequest"));
        if (subrequests.isEmpty() || subrequests.size() > MAX_SUBREQUESTS) {
            throw new SalesforceError(400, "INVALID_BATCH_REQUEST", "Composite Request limit is " + MAX_SUBREQUESTS
                    + "; received " + subrequests.size(), null);
        }
        long heavy = subrequests.stream().filter(this::queryOrCollection).count();
        if (heavy > MAX_QUERIES_AND_COLLECTIONS) {
            throw new SalesforceError(400, "INVALID_BATCH_REQUEST", "Composite Request may contain at most "
                    + MAX_QUERIES_AND_COLLECTIONS + " query or sObject Collections subrequests; received " + heavy, null);
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
                    SimResponse response;
                    try {
                        response = subrequest(call, sub, bodies);
                    } catch (SalesforceError e) {
                        response = SimResponse.error(e);
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
        return SimResponse.json(200, Map.of("compositeResponse", responses)).withRecords(records);
    }

    private SimResponse subrequest(Call outer, Map<String, Object> sub, Map<String, Object> bodies) {
        String url = resolveReferences(String.valueOf(sub.get("url")), bodies);
        String method = String.valueOf(sub.getOrDefault("method", "GET")).toUpperCase(Locale.ROOT);
        byte[] payload = new byte[0];
        if (sub.get("body") != null) {
            payload = resolveReferences(Json.write(sub.get("body")), bodies).getBytes(StandardCharsets.UTF_8);
        }
        int q = url.indexOf('?');
        String path = q < 0 ? url : url.substring(0, q);
        Map<String, String> query = q < 0 ? Map.of() : HttpIo.parseQuery(url.substring(q + 1));
        Map<String, String> headers = new LinkedHashMap<>(outer.request().headers());
        if (sub.get("httpHeaders") instanceof Map<?, ?> extra) {
            extra.forEach((k, v) -> headers.put(k.toString().toLowerCase(Locale.ROOT), v.toString()));
        }
        Dispatch.Match match = routes.match(method, path);
        if (match.kind() != Dispatch.Kind.DATA || match.version() == null) {
            throw new SalesforceError(400, "INVALID_URL", "The url " + url + " is not a valid REST API url", null);
        }
        if ("query".equals(match.endpoint())) {
            SoqlLimits.check(query.get("q"));
        }
        if (!match.found()) {
            throw match.allowed().isEmpty() ? SalesforceError.notFound()
                    : Bodies.methodNotAllowed(method, String.join(",", match.allowed()) + ",HEAD");
        }
        SimRequest inner = new SimRequest(method, path, query, headers, payload, match.version());
        return match.route().handler().handle(new Call(inner, outer.session(), match.params()));
    }

    /** Queries (query, queryAll and their further pages) and sObject Collections count toward the limit of 5. */
    private boolean queryOrCollection(Map<String, Object> sub) {
        String url = String.valueOf(sub.get("url"));
        int q = url.indexOf('?');
        String method = String.valueOf(sub.getOrDefault("method", "GET")).toUpperCase(Locale.ROOT);
        String endpoint = routes.match(method, q < 0 ? url : url.substring(0, q)).endpoint();
        return endpoint.equals("query") || endpoint.equals("queryMore") || endpoint.startsWith("collections-");
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
    private static String resolveReferences(String text, Map<String, Object> bodies) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Object value = bodies.get(m.group(1));
            for (String step : m.group(2).split("\\.")) {
                Matcher indexed = INDEXED.matcher(step);
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
}
