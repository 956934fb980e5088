package io.contactsync.simulator;

import io.contactsync.simulator.Dispatch.Call;
import java.util.Map;

/** {@code /sobjects/{type}[/{id}]} and {@code /sobjects/{type}/{field}/{value}}: one record at a time. */
final class SObjectHandler {

    private final OrgSchema schema;
    private final RecordWriter writer;

    SObjectHandler(OrgSchema schema, RecordWriter writer) {
        this.schema = schema;
        this.writer = writer;
    }

    SimResponse create(Call call) {
        SimRequest request = call.request();
        SObjectType type = Bodies.type(schema, call.param(0));
        String id = writer.insert(type, FieldRules.parse(type, Json.object(request)), context(call));
        return new SimResponse(201, Bodies.result(id, null), Map.of("Location", OrgStore.url(type, request.version(), id)), 1);
    }

    SimResponse get(Call call) {
        SObjectType type = Bodies.type(schema, call.param(0));
        Map<String, Object> record = writer.store().get(SalesforceIds.require(call.param(1), type));
        if (record == null) {
            throw SalesforceError.notFound();
        }
        SimRequest request = call.request();
        return SimResponse.json(200, Bodies.record(type, record, request.query().get("fields"), request.version())).withRecords(1);
    }

    SimResponse update(Call call) {
        SObjectType type = Bodies.type(schema, call.param(0));
        String id = SalesforceIds.require(call.param(1), type);
        writer.update(type, id, FieldRules.parse(type, Json.object(call.request())), context(call));
        return SimResponse.noContent(1);
    }

    SimResponse delete(Call call) {
        SObjectType type = Bodies.type(schema, call.param(0));
        writer.delete(type, SalesforceIds.require(call.param(1), type), context(call));
        return SimResponse.noContent(1);
    }

    SimResponse getByExternalId(Call call) {
        SObjectType type = Bodies.type(schema, call.param(0));
        String id = byExternalId(type, call.param(1), call.param(2), call.request().version());
        SimRequest request = call.request();
        return SimResponse.json(200, Bodies.record(type, writer.store().get(id), request.query().get("fields"), request.version()));
    }

    SimResponse deleteByExternalId(Call call) {
        SObjectType type = Bodies.type(schema, call.param(0));
        writer.delete(type, byExternalId(type, call.param(1), call.param(2), call.request().version()), context(call));
        return SimResponse.noContent(1);
    }

    SimResponse upsert(Call call) {
        SimRequest request = call.request();
        SObjectType type = Bodies.type(schema, call.param(0));
        RecordWriter.Upserted upserted = writer.upsert(type, call.param(1), call.param(2),
                FieldRules.parse(type, Json.object(request)), context(call));
        return new SimResponse(upserted.created() ? 201 : 200, Bodies.result(upserted.id(), upserted.created()),
                Map.of("Location", OrgStore.url(type, request.version(), upserted.id())), 1);
    }

    /** The one record whose idLookup field has the value; 300 with the matches' URLs when several have it. */
    private String byExternalId(SObjectType type, String field, String value, String version) {
        java.util.Set<String> matches = writer.store().lookup(type.name(), field, value);
        if (matches.size() > 1) {
            java.util.List<String> urls = matches.stream().sorted().map(id -> OrgStore.url(type, version, id)).toList();
            throw new SalesforceError(300, "MULTIPLE_CHOICES", String.join(",", urls), null, Map.of("urls", urls));
        }
        return matches.stream().findFirst().orElseThrow(SalesforceError::notFound);
    }

    private static WriteContext context(Call call) {
        return WriteContext.of(call.request(), call.session().userId());
    }
}
