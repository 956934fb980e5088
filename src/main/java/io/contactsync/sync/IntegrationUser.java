package io.contactsync.sync;

import org.apache.camel.component.salesforce.SalesforceComponent;
import org.springframework.stereotype.Component;

/**
 * The Salesforce User the service logs in as. Its id is the last segment of the identity URL that
 * the token endpoint answered with, so knowing it costs no API call.
 */
@Component("integrationUser")
public class IntegrationUser {

    private final SalesforceComponent salesforce;

    public IntegrationUser(SalesforceComponent salesforce) {
        this.salesforce = salesforce;
    }

    /** The user id, or null before the first login. */
    public String id() {
        if (salesforce.getSession() == null || salesforce.getSession().getId() == null) {
            return null;
        }
        String identity = salesforce.getSession().getId();
        return identity.substring(identity.lastIndexOf('/') + 1);
    }
}
