package io.contactsync.simulator;

import io.contactsync.simulator.Dispatch.Call;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the org tells about itself: API versions, resources, limits, describe global and per object. */
final class OrgInfoHandler {

    static final int COLLECTION_LIMIT = 200;

    private final OrgSchema schema;
    private final SimulatorSettings settings;
    private final Usage usage;
    private final java.util.function.Supplier<String> instanceUrl;

    OrgInfoHandler(OrgSchema schema, SimulatorSettings settings, Usage usage, java.util.function.Supplier<String> instanceUrl) {
        this.schema = schema;
        this.settings = settings;
        this.usage = usage;
        this.instanceUrl = instanceUrl;
    }

    SimResponse versions(Call call) {
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
        return SimResponse.json(200, versions);
    }

    /** The version root: the resources this org answers, and the token's identity URL. */
    SimResponse resources(Call call) {
        Map<String, Object> resources = new LinkedHashMap<>();
        for (String name : List.of("sobjects", "query", "queryAll", "limits", "composite", "jobs")) {
            resources.put(name, "/services/data/v" + call.request().version() + "/" + name);
        }
        resources.put("identity", instanceUrl.get() + "/id/" + OAuthHandler.ORG_ID + "/" + call.session().userId());
        return SimResponse.json(200, resources);
    }

    SimResponse describeGlobal(Call call) {
        Map<String, Object> global = new LinkedHashMap<>();
        global.put("encoding", "UTF-8");
        global.put("maxBatchSize", COLLECTION_LIMIT);
        global.put("sobjects", schema.types().stream().map(t -> t.describeGlobal(call.request().version())).toList());
        return SimResponse.json(200, global);
    }

    SimResponse info(Call call) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("objectDescribe", Bodies.type(schema, call.param(0)).describeGlobal(call.request().version()));
        info.put("recentItems", List.of());
        return SimResponse.json(200, info);
    }

    SimResponse describe(Call call) {
        return SimResponse.json(200, Bodies.type(schema, call.param(0)).describe(call.request().version()));
    }

    SimResponse limits(Call call) {
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
            Map<String, Object> used = new LinkedHashMap<>();
            if ("DailyApiRequests".equals(limit[0])) {
                used.put("Max", settings.getDailyApiLimit());
                used.put("Remaining", Math.max(0, settings.getDailyApiLimit() - usage.apiUsage()));
            } else {
                used.put("Max", limit[1]);
                used.put("Remaining", limit[1]);
            }
            limits.put((String) limit[0], used);
        }
        return SimResponse.json(200, limits);
    }
}
