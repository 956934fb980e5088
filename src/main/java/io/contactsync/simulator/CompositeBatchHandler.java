package io.contactsync.simulator;

import io.contactsync.simulator.Dispatch.Call;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * {@code /composite/batch}: up to 25 independent subrequests ({@code url} relative to
 * {@code /services/data/}, {@code richInput} as body), each served by the same dispatch table as a
 * single call and each counted against the daily allowance (the batch itself is the first). No
 * transaction spans them: a failed subrequest takes back nothing. With {@code haltOnError} the
 * subrequests after the first failure answer 412 BATCH_PROCESSING_HALTED. The answer is
 * {@code {hasErrors, results:[{statusCode, result}]}}.
 */
final class CompositeBatchHandler {

    static final int LIMIT = 25;

    private final Dispatch routes;
    private final BooleanSupplier spendOneCall;

    CompositeBatchHandler(Dispatch routes, BooleanSupplier spendOneCall) {
        this.routes = routes;
        this.spendOneCall = spendOneCall;
    }

    SimResponse batch(Call call) {
        Map<String, Object> body = Json.object(call.request());
        List<Map<String, Object>> subrequests = Json.records(body.get("batchRequests"));
        if (subrequests.isEmpty() || subrequests.size() > LIMIT) {
            throw new SalesforceError(400, "INVALID_BATCH_REQUEST", "A batch request must have between 1 and " + LIMIT
                    + " subrequests; received " + subrequests.size(), null);
        }
        boolean haltOnError = Boolean.TRUE.equals(body.get("haltOnError"));
        List<Map<String, Object>> results = new ArrayList<>();
        boolean hasErrors = false;
        int records = 0;
        for (int i = 0; i < subrequests.size(); i++) {
            if (hasErrors && haltOnError) {
                results.add(result(412, List.of(Map.of("errorCode", "BATCH_PROCESSING_HALTED",
                        "message", "Batch processing halted per request"))));
                continue;
            }
            SimResponse response;
            if (i > 0 && !spendOneCall.getAsBoolean()) {
                response = SimResponse.json(403, List.of(Map.of("message", "TotalRequests Limit exceeded.",
                        "errorCode", "REQUEST_LIMIT_EXCEEDED")));
            } else {
                response = subrequest(call, subrequests.get(i));
            }
            hasErrors |= response.status() >= 400;
            records += response.records();
            results.add(result(response.status(), response.body()));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("hasErrors", hasErrors);
        answer.put("results", results);
        return SimResponse.json(200, answer).withRecords(records);
    }

    private SimResponse subrequest(Call outer, Map<String, Object> sub) {
        try {
            String url = String.valueOf(sub.get("url"));
            String full = url.startsWith("/services/data/") ? url : "/services/data/" + (url.startsWith("/") ? url.substring(1) : url);
            URI uri = URI.create(full.replace(" ", "%20"));
            String method = String.valueOf(sub.getOrDefault("method", "GET")).toUpperCase(Locale.ROOT);
            byte[] payload = sub.get("richInput") == null ? new byte[0] : Json.write(sub.get("richInput")).getBytes(StandardCharsets.UTF_8);
            Dispatch.Match match = routes.match(method, uri.getPath());
            if (match.kind() != Dispatch.Kind.DATA || match.version() == null) {
                throw new SalesforceError(400, "INVALID_URL", "The url " + url + " is not a valid REST API url", null);
            }
            if (!match.found()) {
                throw match.allowed().isEmpty() ? SalesforceError.notFound()
                        : Bodies.methodNotAllowed(method, String.join(",", match.allowed()) + ",HEAD");
            }
            if ("batch".equals(match.endpoint())) {
                throw new SalesforceError(400, "INVALID_BATCH_REQUEST", "A batch request cannot contain another batch", null);
            }
            Map<String, String> query = uri.getRawQuery() == null ? Map.of() : HttpIo.parseQuery(uri.getRawQuery());
            SimRequest inner = new SimRequest(method, uri.getPath(), query, outer.request().headers(), payload, match.version());
            return match.route().handler().handle(new Call(inner, outer.session(), match.params()));
        } catch (SalesforceError e) {
            return SimResponse.error(e);
        } catch (IllegalArgumentException e) {
            return SimResponse.error(new SalesforceError(400, "INVALID_URL", "The url is not a valid REST API url: "
                    + e.getMessage(), null));
        }
    }

    private static Map<String, Object> result(int status, Object body) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("statusCode", status);
        result.put("result", body);
        return result;
    }
}
