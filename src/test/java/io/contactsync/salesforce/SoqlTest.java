package io.contactsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SoqlTest {

    @Test
    void literalsEscapeQuotesBackslashesAndControlCharacters() {
        assertThat(Soql.literal("o'brien@example.com")).isEqualTo("'o\\'brien@example.com'");
        assertThat(Soql.literal("a\\' OR Email != '")).isEqualTo("'a\\\\\\' OR Email != \\''");
        assertThat(Soql.literal("line\nbreak\t\"q\"")).isEqualTo("'line\\nbreak\\t\\\"q\\\"'");
        // % and _ are wildcards only in LIKE; with = and IN they are plain characters
        assertThat(Soql.literal("100%_sure@example.com")).isEqualTo("'100%_sure@example.com'");
    }

    @Test
    void inListsAreSplitSoThatNoEncodedQueryPassesTheLimit() {
        List<String> emails = IntStream.range(0, 200)
                .mapToObj(i -> "x".repeat(100) + i + "@example-with-a-long-domain.com").toList();

        List<String> queries = Soql.inQueries("SELECT Id, Email FROM Lead WHERE Email", emails, "", 14336);

        assertThat(queries).hasSizeGreaterThan(1);
        assertThat(queries).allSatisfy(q -> assertThat(URLEncoder.encode(q, StandardCharsets.UTF_8).length())
                .isLessThanOrEqualTo(14336));
        String all = String.join(" ", queries);
        emails.forEach(e -> assertThat(all).contains("'" + e + "'"));
    }

    @Test
    void shortListsStayInOneQuery() {
        List<String> queries = Soql.inQueries("SELECT Id FROM User WHERE Email", List.of("a@x.io", "b@x.io"), "", 14336);

        assertThat(queries).containsExactly("SELECT Id FROM User WHERE Email IN ('a@x.io','b@x.io')");
    }
}
