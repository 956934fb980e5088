package io.contactsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsync.salesforce.Soql;
import io.contactsync.sync.CompositeRequest.Answer;
import io.contactsync.sync.CompositeRequest.Subrequest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Composite requests are split only where Salesforce's limits force it; answers map back by referenceId. */
class CompositeRequestTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void fiveQueriesOrCollectionsGoInOneRequestASixthStartsTheNext() {
        List<Subrequest> five = heavy(5);
        assertThat(CompositeRequest.pack(five)).hasSize(1);

        List<CompositeRequest> packed = CompositeRequest.pack(heavy(6));
        assertThat(packed).hasSize(2);
        assertThat(packed.get(0).subrequests()).hasSize(5);
        assertThat(packed.get(1).subrequests()).extracting(Subrequest::referenceId).containsExactly("r5");
    }

    @Test
    void singleRecordSubrequestsFillUpTo25() {
        List<Subrequest> light = IntStream.range(0, 26)
                .mapToObj(i -> new Subrequest("l" + i, "POST", "/services/data/v56.0/sobjects/Lead", null, false, i)).toList();
        List<CompositeRequest> packed = CompositeRequest.pack(light);
        assertThat(packed).extracting(r -> r.subrequests().size()).containsExactly(25, 1);
    }

    @Test
    void answersAreMatchedByReferenceIdWhateverTheirOrder() throws Exception {
        CompositeRequest request = CompositeRequest.pack(heavy(2)).get(0);
        String body = request.json(json);
        assertThat(json.readTree(body).get("allOrNone").asBoolean()).isFalse();
        assertThat(json.readTree(body).get("compositeRequest")).hasSize(2);

        List<Answer> answers = request.answers(json, """
                {"compositeResponse":[
                  {"body":[{"errorCode":"MALFORMED_QUERY","message":"too long"}],"httpHeaders":{},"httpStatusCode":400,"referenceId":"r1"},
                  {"body":{"totalSize":0,"done":true,"records":[]},"httpHeaders":{},"httpStatusCode":200,"referenceId":"r0"}]}
                """);

        assertThat(answers.get(0).ok()).isTrue();
        assertThat(answers.get(0).subrequest().tag()).isEqualTo(0);
        assertThat(answers.get(1).ok()).isFalse();
        assertThat(CompositeRequest.firstError(answers.get(1).body())).containsEntry("errorCode", "MALFORMED_QUERY");
    }

    @Test
    void aThousandLongEmailsFitOneStatementAndAreSplitOnlyPast100000Characters() {
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            emails.add("someone.with.a.long.address.number." + i + "@a-fairly-long-domain-name.example.com");
        }
        List<String> one = Soql.inStatements("SELECT Id FROM Lead WHERE Email", emails, "", Soql.MAX_STATEMENT);
        assertThat(one).hasSize(1);
        // the same emails as plain GET queries need several URIs of 16 KiB
        assertThat(Soql.inQueries("SELECT Id FROM Lead WHERE Email", emails, "", 14_336)).hasSizeGreaterThan(5);

        List<String> more = new ArrayList<>(emails);
        for (int i = 0; i < 1000; i++) {
            more.add("another.long.address.number." + i + "@a-fairly-long-domain-name.example.com");
        }
        List<String> split = Soql.inStatements("SELECT Id FROM Lead WHERE Email", more, "", Soql.MAX_STATEMENT);
        assertThat(split).hasSize(2).allSatisfy(soql -> assertThat(soql.length()).isLessThanOrEqualTo(Soql.MAX_STATEMENT));
    }

    private static List<Subrequest> heavy(int n) {
        return IntStream.range(0, n).mapToObj(i -> new Subrequest("r" + i, "GET",
                "/services/data/v56.0/query?q=SELECT+Id+FROM+Lead", null, true, i)).toList();
    }
}
