package io.contactsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.contactsync.ContactSyncApplication;
import io.contactsync.mapping.MappingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.lang3.exception.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole service started on a template that does not fit the simulator's org: the start stops
 * with every problem named by file, line and field, before any contact could be pushed.
 */
class MappingStartupTest {

    @TempDir
    Path dir;

    @Test
    void templateThatDoesNotFitTheOrgStopsTheStart() throws Exception {
        for (String file : List.of("contact.yaml", "account.yaml")) {
            Files.copy(Path.of("routes/mappings", file), dir.resolve(file));
        }
        Files.writeString(dir.resolve("lead.yaml"), """
                object: Lead
                predefined:
                  LeadSource: "{{contactsync.sync.source-name}}"
                  Routing__c: routed to the field sales team of the northern region
                fields:
                  - target: LastName
                    source: ${body.lastName}
                  - target: Company
                    source: ${body.company}
                  - target: Emial
                    source: ${body.email}
                  - target: MetOn__c
                    source: ${body.notes}
                """);

        Throwable failure = catchThrowable(() -> start(dir));

        Throwable cause = ExceptionUtils.getThrowableList(failure).stream().filter(MappingException.class::isInstance)
                .findFirst().orElseThrow(() -> new AssertionError("no MappingException in " + failure, failure));
        assertThat(cause.getMessage()).isEqualTo("mapping templates do not fit the Salesforce org:\n"
                + "  " + dir.resolve("lead.yaml") + ":4: field Routing__c: value 'routed to the field sales team of the…' "
                + "is 53 characters long; the field takes at most 40\n"
                + "  " + dir.resolve("lead.yaml") + ":10: field Emial: Lead has no field 'Emial' (did you mean Email?)\n"
                + "  " + dir.resolve("lead.yaml") + ":12: field MetOn__c: source '${body.notes}': the source gives text, "
                + "the field is a date field");
    }

    @Test
    void taskTemplateThatDoesNotFitTheOrgStopsTheStartToo() throws Exception {
        for (String file : List.of("lead.yaml", "contact.yaml", "account.yaml")) {
            Files.copy(Path.of("routes/mappings", file), dir.resolve(file));
        }
        Files.writeString(dir.resolve("task.yaml"), """
                object: Task
                predefined:
                  Status: Completed
                fields:
                  - target: Subject
                    source: ${body.subject}
                  - target: WhoIdd
                    source: ${body.whoId}
                  - target: ActivitySyncId__c
                    source: ${body.syncKey}
                """);

        Throwable failure = catchThrowable(() -> start(dir));

        assertThat(ExceptionUtils.getThrowableList(failure)).filteredOn(MappingException.class::isInstance)
                .first().extracting(Throwable::getMessage).asString()
                .contains(dir.resolve("task.yaml") + ":7: field WhoIdd: Task has no field 'WhoIdd'");
    }

    @Test
    void unreadableTemplateStopsTheStartWithFileAndLine() throws Exception {
        Files.writeString(dir.resolve("lead.yaml"), """
                object: Lead
                fields:
                  - target: LastName
                    source: ${body.lastName}
                    overide: true
                """);

        Throwable failure = catchThrowable(() -> start(dir));

        assertThat(ExceptionUtils.getThrowableList(failure)).filteredOn(MappingException.class::isInstance)
                .first().extracting(Throwable::getMessage)
                .isEqualTo(dir.resolve("lead.yaml") + ":3: field LastName: unknown key 'overide' (known: target, source, when, override, direction, conflict)");
    }

    private static void start(Path mappings) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ContactSyncApplication.class)
                .profiles("test").run("--contactsync.mapping.dir=" + mappings);
        context.close();
        throw new AssertionError("the service started on a broken mapping template");
    }
}
