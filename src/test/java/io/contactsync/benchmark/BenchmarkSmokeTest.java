package io.contactsync.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The benchmark at smoke size, part of every build: 400 new contacts through the pipeline cost one
 * login and two Composite calls (the owner and duplicate queries together, then the upserts); a re-run
 * after the export state was lost finds each contact's own record by its sync key and creates nothing;
 * the naive route pays three calls per contact; no request grows past 16 KiB.
 */
class BenchmarkSmokeTest extends BenchmarkSupport {

    private static final Latency NONE = Latency.parse("0");

    @Test
    void fourHundredContactsCostThreeCalls() {
        List<Long> ids = freshBacklog(400, NONE, "smoke");

        Pass pipeline = drain("pipeline", 400, NONE);
        Pass repush = push("re-push by id", ids, NONE);
        forgetExports();
        Pass rerun = drain("re-run, all in Salesforce", 400, NONE);
        long leadsAfterRerun = leadsInOrg();

        freshBacklog(20, NONE, "smoke-naive");
        Pass naive = naive("naive", 20, NONE);
        System.out.println(HEADER);
        List.of(pipeline, repush, rerun, naive).forEach(p -> System.out.println(row(p) + " " + p.byEndpoint()));

        assertThat(pipeline.outcomes()).isEqualTo(Map.of("EXPORTED", 400));
        // login; one Composite call with the owner query (302 emails: its SOQL travels in the body, so the
        // URI limit no longer splits it) and the Lead and Contact duplicate queries; one Composite call with
        // the two sObject Collections upserts of 200. Was 9 with a GET per query and a call per 200.
        assertThat(pipeline.callsWithLogin()).isEqualTo(3);
        assertThat(pipeline.byEndpoint()).isEqualTo(Map.of("composite", 2L));
        assertThat(repush.calls()).isZero();
        // the records carry the contacts' own sync keys: upserted again onto themselves, none created
        assertThat(rerun.outcomes()).isEqualTo(Map.of("EXPORTED", 400));
        assertThat(rerun.byEndpoint()).isEqualTo(Map.of("composite", 2L));
        assertThat(leadsAfterRerun).isEqualTo(400);
        assertThat(naive.outcomes()).isEqualTo(Map.of("EXPORTED", 20));
        assertThat(naive.calls()).isEqualTo(60);
        assertThat(List.of(pipeline, rerun, naive)).allSatisfy(p -> assertThat(p.maxRequestBytes()).isBetween(1, 16_384));
    }
}
