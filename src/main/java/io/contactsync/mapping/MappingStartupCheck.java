package io.contactsync.mapping;

import io.contactsync.salesforce.OrgLogin;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * At start, once the routes run: reads the mapping templates and checks them against the org's
 * describe. A template that cannot be read or does not fit the org stops the start with every
 * problem named by file, line and field. When Salesforce cannot be reached, the start goes on and the
 * check runs again before the first record is mapped (route mapping-ensure).
 */
@Component
public class MappingStartupCheck implements ApplicationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(MappingStartupCheck.class);

    private final MappingTemplates templates;
    private final MappingCheck check;
    private final CamelContext context;
    private final ProducerTemplate camel;
    private final OrgLogin orgLogin;

    public MappingStartupCheck(MappingTemplates templates, MappingCheck check, CamelContext context, ProducerTemplate camel,
                               OrgLogin orgLogin) {
        this.templates = templates;
        this.check = check;
        this.context = context;
        this.camel = camel;
        this.orgLogin = orgLogin;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        templates.objects();
        if (context.getStatus().isStarted()) {
            checkAgainstOrg();
            return;
        }
        // a test harness may start the routes after the application: check as soon as they run
        context.addStartupListener(new ExtendedStartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) { }

            @Override
            public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) {
                checkAgainstOrg();
            }
        });
    }

    private void checkAgainstOrg() {
        List<String> objects = check.objectsToDescribe();
        if (orgLogin.awaitingConnect()) {
            LOG.warn("Mapping templates {} not checked against the org yet: no Salesforce credentials; an admin connects "
                    + "the org from the page (POST /api/salesforce/connect), then they are checked before the first push", objects);
            return;
        }
        try {
            camel.requestBody("direct:mapping-check", (Object) null);
        } catch (CamelExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            LOG.warn("Mapping templates {} not checked against the org yet ({}: {}); they are checked before the first push",
                    objects, cause.getClass().getSimpleName(), cause.getMessage() == null ? ""
                            : cause.getMessage().lines().findFirst().orElse(""));
            return;
        }
        check.requireSound();
        LOG.info("Mapping templates {} checked against the org's describe: every mapped field fits", objects);
    }
}
