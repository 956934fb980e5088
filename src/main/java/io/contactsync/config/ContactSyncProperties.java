package io.contactsync.config;

import io.contactsync.sync.SyncChunk.Target;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** The {@code contactsync.*} settings; application.yaml holds the documented defaults. */
@ConfigurationProperties("contactsync")
public record ContactSyncProperties(Sync sync, Duplicates duplicates, Owner owner, Salesforce salesforce, Mail mail,
                                    Api api, Security security, Rights rights) {

    public enum SyncMode { automatic, manual }

    public enum DuplicatePolicy { reject, link, update }

    public enum OwnerFallback { integration_user, none }

    public record Sync(@DefaultValue("manual") SyncMode mode, @DefaultValue("Lead") Target target,
                       @DefaultValue("1000") int chunkSize, @DefaultValue("contact-sync") String sourceName,
                       @DefaultValue("true") boolean createAccounts) {
        public Sync {
            if (chunkSize < 1 || chunkSize > 1000) {
                throw new IllegalArgumentException("contactsync.sync.chunk-size must be 1..1000 (a Composite call "
                        + "carries 5 sObject Collections of 200 records), was " + chunkSize);
            }
        }
    }

    public record Duplicates(@DefaultValue("reject") DuplicatePolicy policy) { }

    public record Owner(@DefaultValue("integration-user") String fallback, @DefaultValue("10m") Duration cacheTtl,
                        @DefaultValue("true") boolean disableAssignmentRules) {
        public OwnerFallback fallbackPolicy() {
            return OwnerFallback.valueOf(fallback.replace('-', '_'));
        }
    }

    /** The org's connection; whether it is used at all is contactsync.salesforce.mode (see StartupSettings). */
    public record Salesforce(String loginUrl, String clientId, String clientSecret, String username, String password,
                             String refreshToken, @DefaultValue("56.0") String apiVersion,
                             @DefaultValue("ContactSyncId__c") String externalIdField,
                             @DefaultValue("16384") int maxRequestBytes) { }

    public record Mail(String host, @DefaultValue("25") int port, String username, String password,
                       @DefaultValue("contact-sync@localhost") String from, List<String> admins,
                       @DefaultValue("1h") Duration digestInterval) {
        public Mail {
            admins = admins == null ? List.of() : List.copyOf(admins);
        }
    }

    public record Api(@DefaultValue("1000") int maxBatchSize) { }

    /** HTTP Basic users of the API and the page; without any, an admin with a generated password. */
    public record Security(Map<String, Account> users, @DefaultValue("./data/admin-password") String generatedPasswordFile) {
        public Security {
            users = users == null ? Map.of() : Map.copyOf(users);
        }
    }

    public enum Role { ADMIN, USER }

    /** One user: password (plain or {bcrypt}…), role, and the email that metBy names them by. */
    public record Account(String password, @DefaultValue("USER") Role role, String email) { }

    public record Rights(@DefaultValue("false") boolean usersCanPush) { }
}
