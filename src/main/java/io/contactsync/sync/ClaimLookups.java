package io.contactsync.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsync.config.ContactSyncProperties;
import io.contactsync.salesforce.SalesforceQueries;
import io.contactsync.sync.CompositeRequest.Answer;
import io.contactsync.sync.CompositeRequest.Subrequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.RestError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The queries a chunk needs before delivery (the owners the cache does not know, the open Leads and the
 * Contacts with its emails; the Accounts by name for ContactWithAccount) as Composite query subrequests,
 * so that they cost one API call together instead of one each. The SOQL travels in the request body:
 * a query is split only where a statement would pass 100,000 characters, and a Composite request only
 * where it would hold more than 5 queries. Pages past the first (over 2,000 rows) follow nextRecordsUrl.
 */
@Component("claimLookups")
public class ClaimLookups {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimLookups.class);
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() { };

    /** What a query looks for. */
    public enum Kind { OWNERS, LEADS, CONTACTS, ACCOUNTS }

    private final ObjectMapper json;
    private final OwnerLookup owners;
    private final DuplicateFilter duplicates;
    private final SalesforceQueries queries;
    private final String dataPath;

    public ClaimLookups(ObjectMapper json, OwnerLookup owners, DuplicateFilter duplicates, SalesforceQueries queries,
                        ContactSyncProperties properties) {
        this.json = json;
        this.owners = owners;
        this.duplicates = duplicates;
        this.queries = queries;
        this.dataPath = "/services/data/v" + properties.salesforce().apiVersion();
    }

    /** The owner and duplicate queries of a chunk; contacts with an email seen earlier in it follow the first. */
    public Lookups plan(SyncChunk chunk) {
        List<String> ownerEmails = owners.unknownEmails(chunk);
        List<String> emails = duplicates.emails(chunk);
        Lookups lookups = new Lookups(ownerEmails);
        if (!ownerEmails.isEmpty()) {
            queries.activeUsersByEmail(ownerEmails).forEach(soql -> lookups.add(Kind.OWNERS, soql));
        }
        if (!emails.isEmpty()) {
            queries.openLeadsByEmail(emails, duplicates.fieldsToRead("Lead")).forEach(soql -> lookups.add(Kind.LEADS, soql));
            queries.contactsByEmail(emails, duplicates.fieldsToRead("Contact")).forEach(soql -> lookups.add(Kind.CONTACTS, soql));
        }
        return lookups.packed(chunk.items().size());
    }

    /** The User queries for these owner emails (a claim's owners prefetched for all its chunks). */
    public Lookups owners(List<String> ownerEmails) {
        Lookups lookups = new Lookups(ownerEmails);
        queries.activeUsersByEmail(ownerEmails).forEach(soql -> lookups.add(Kind.OWNERS, soql));
        return lookups.packed(ownerEmails.size());
    }

    /** The Account queries for these names (ContactWithAccount). */
    public Lookups accounts(List<String> names) {
        Lookups lookups = new Lookups(List.of());
        queries.accountsByName(names).forEach(soql -> lookups.add(Kind.ACCOUNTS, soql));
        return lookups.packed(names.size());
    }

    /** The body of each Composite call of the lookups. */
    public List<String> requests(Lookups lookups) throws JsonProcessingException {
        List<String> bodies = new ArrayList<>();
        for (CompositeRequest request : lookups.requests) {
            bodies.add(request.json(json));
        }
        return bodies;
    }

    /**
     * Takes in the answer of the lookups' Composite call number {@code index}. A query Salesforce refused
     * fails the whole step as if the call had failed, with Salesforce's code and status, so that a passing
     * fault is retried and any other fails the chunk with the reason.
     */
    @SuppressWarnings("unchecked")
    public Lookups absorb(Lookups lookups, int index, String response) throws Exception {
        for (Answer answer : lookups.requests.get(index).answers(json, response)) {
            if (!answer.ok()) {
                Map<String, Object> error = CompositeRequest.firstError(answer.body());
                String code = String.valueOf(error.get("errorCode"));
                throw new SalesforceException(List.of(new RestError(code, String.valueOf(error.get("message")))),
                        answer.status());
            }
            lookups.page((Kind) answer.subrequest().tag(), (Map<String, Object>) answer.body());
        }
        return lookups;
    }

    /** Takes in a further page (queryMore) of the query whose nextRecordsUrl {@link Lookups#nextPage()} handed out. */
    public Lookups absorbPage(Lookups lookups, String rawPayload) throws JsonProcessingException {
        lookups.page(lookups.pageKind, json.readValue(rawPayload, JSON_OBJECT));
        return lookups;
    }

    /** The queries of one chunk and, once answered, their records by kind. */
    public final class Lookups {

        private final List<String> ownerEmails;
        private final List<Subrequest> subrequests = new ArrayList<>();
        private final Map<Kind, List<Map<String, Object>>> records = new EnumMap<>(Kind.class);
        private final Deque<Map.Entry<Kind, String>> morePages = new ArrayDeque<>();
        private List<CompositeRequest> requests = List.of();
        private Kind pageKind;

        Lookups(List<String> ownerEmails) {
            this.ownerEmails = ownerEmails;
            for (Kind kind : Kind.values()) {
                records.put(kind, new ArrayList<>());
            }
        }

        private void add(Kind kind, String soql) {
            String url = dataPath + "/query?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8);
            subrequests.add(new Subrequest(kind.name().toLowerCase() + subrequests.size(), "GET", url, null, true, kind));
        }

        private Lookups packed(int contacts) {
            requests = CompositeRequest.pack(subrequests);
            if (requests.size() > 1) {
                LOG.info("Lookups of {} contacts: {} queries need {} Composite calls (at most {} queries each)", contacts,
                        subrequests.size(), requests.size(), CompositeRequest.MAX_QUERIES_AND_COLLECTIONS);
            } else if (subrequests.size() > Kind.values().length - 1) {
                LOG.debug("Lookups of {} contacts: {} queries, some split at {} characters of SOQL", contacts,
                        subrequests.size(), io.contactsync.salesforce.Soql.MAX_STATEMENT);
            }
            return this;
        }

        @SuppressWarnings("unchecked")
        private void page(Kind kind, Map<String, Object> answer) {
            records.get(kind).addAll((List<Map<String, Object>>) answer.getOrDefault("records", List.of()));
            Object next = answer.get("nextRecordsUrl");
            if (next != null) {
                LOG.debug("A {} query answered more than one page: following {}", kind, next);
                morePages.add(Map.entry(kind, next.toString()));
            }
        }

        public int calls() {
            return requests.size();
        }

        public boolean hasMorePages() {
            return !morePages.isEmpty();
        }

        /** The nextRecordsUrl to ask next (queryMore); its answer goes to {@link ClaimLookups#absorbPage}. */
        public String nextPage() {
            Map.Entry<Kind, String> next = morePages.poll();
            pageKind = next.getKey();
            return next.getValue();
        }

        public List<String> ownerEmails() {
            return ownerEmails;
        }

        public List<Map<String, Object>> records(Kind kind) {
            return records.get(kind);
        }

        public List<Map<String, Object>> users() {
            return records(Kind.OWNERS);
        }

        public List<Map<String, Object>> leads() {
            return records(Kind.LEADS);
        }

        public List<Map<String, Object>> contacts() {
            return records(Kind.CONTACTS);
        }

        public List<Map<String, Object>> accounts() {
            return records(Kind.ACCOUNTS);
        }
    }
}
