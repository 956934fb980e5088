package io.contactsync.simulator;

import io.contactsync.simulator.Dispatch.Call;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /query}, {@code /queryAll} (deleted rows too, with IsDeleted = true) and their
 * {@code nextRecordsUrl} pages: at most 2,000 rows a page, or the {@code batchSize} of
 * {@code Sforce-Query-Options} (200 to 2,000).
 */
final class QueryHandler {

    private static final int PAGE = 2000;
    private static final Pattern BATCH_SIZE = Pattern.compile("batchSize=(\\d+)");

    private final SoqlEngine soql;
    private final Map<String, List<Map<String, Object>>> cursors = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, List<Map<String, Object>>> eldest) {
                    return size() > 200;
                }
            });
    private final AtomicLong cursorNumber = new AtomicLong(1);

    QueryHandler(SoqlEngine soql) {
        this.soql = soql;
    }

    void clear() {
        cursors.clear();
    }

    SimResponse query(Call call) {
        return run(call.request(), false);
    }

    SimResponse queryAll(Call call) {
        return run(call.request(), true);
    }

    SimResponse queryMore(Call call) {
        String locatorAndOffset = call.param(0);
        int dash = locatorAndOffset.lastIndexOf('-');
        List<Map<String, Object>> rows = dash < 0 ? null : cursors.get(locatorAndOffset.substring(0, dash));
        if (rows == null) {
            throw new SalesforceError(400, "INVALID_QUERY_LOCATOR", "invalid query locator", null);
        }
        return page(call.request(), rows, Integer.parseInt(locatorAndOffset.substring(dash + 1)), locatorAndOffset.substring(0, dash));
    }

    private SimResponse run(SimRequest request, boolean includeDeleted) {
        String text = request.query().get("q");
        if (text == null || text.isBlank()) {
            throw new SalesforceError(400, "MALFORMED_QUERY", "unexpected token: <EOF>", null);
        }
        SoqlEngine.Query parsed = soql.parse(text);
        List<Map<String, Object>> rows = soql.run(parsed, request.version(), includeDeleted);
        if (parsed.count()) {
            return SimResponse.json(200, body(rows.size(), true, null, List.of()));
        }
        return page(request, rows, 0, null);
    }

    private SimResponse page(SimRequest request, List<Map<String, Object>> rows, int offset, String locator) {
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
        return SimResponse.json(200, body(rows.size(), next == null, next, records)).withRecords(records.size());
    }

    private static Map<String, Object> body(int total, boolean done, String next, List<Map<String, Object>> records) {
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
            Matcher m = BATCH_SIZE.matcher(options);
            if (m.find()) {
                return Math.max(200, Math.min(PAGE, Integer.parseInt(m.group(1))));
            }
        }
        return PAGE;
    }
}
