package io.contactsync.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Composite request ({@code POST /services/data/vNN.N/composite}), which Salesforce counts as one API
 * call: at most 25 subrequests, of which at most 5 queries or sObject Collections. {@code allOrNone} is
 * false, so each subrequest stands alone (a Collections subrequest keeps its own allOrNone false for
 * per-record results). Each subrequest carries a tag that maps its answer back to what it was for.
 */
public final class CompositeRequest {

    public static final int MAX_SUBREQUESTS = 25;
    public static final int MAX_QUERIES_AND_COLLECTIONS = 5;
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() { };

    /** @param heavy a query or sObject Collections subrequest (at most 5 of them per request) */
    public record Subrequest(String referenceId, String method, String url, Object body, boolean heavy, Object tag) { }

    /** A subrequest's answer: its HTTP status and body (a list or object as Salesforce sent it). */
    public record Answer(Subrequest subrequest, int status, Object body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final List<Subrequest> subrequests = new ArrayList<>();

    public List<Subrequest> subrequests() {
        return List.copyOf(subrequests);
    }

    private boolean fits(Subrequest sub) {
        long heavy = subrequests.stream().filter(Subrequest::heavy).count();
        return subrequests.size() < MAX_SUBREQUESTS && (!sub.heavy() || heavy < MAX_QUERIES_AND_COLLECTIONS);
    }

    /** The subrequests in their order in as few Composite requests as the limits allow. */
    public static List<CompositeRequest> pack(List<Subrequest> subrequests) {
        List<CompositeRequest> requests = new ArrayList<>();
        CompositeRequest current = new CompositeRequest();
        for (Subrequest sub : subrequests) {
            if (!current.fits(sub)) {
                requests.add(current);
                current = new CompositeRequest();
            }
            current.subrequests.add(sub);
        }
        if (!current.subrequests.isEmpty()) {
            requests.add(current);
        }
        return requests;
    }

    public String json(ObjectMapper json) throws JsonProcessingException {
        List<Map<String, Object>> list = new ArrayList<>(subrequests.size());
        for (Subrequest sub : subrequests) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("method", sub.method());
            one.put("url", sub.url());
            one.put("referenceId", sub.referenceId());
            if (sub.body() != null) {
                one.put("body", sub.body());
            }
            list.add(one);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("allOrNone", false);
        body.put("compositeRequest", list);
        return json.writeValueAsString(body);
    }

    /** The answers in the order of the subrequests, matched by referenceId. */
    @SuppressWarnings("unchecked")
    public List<Answer> answers(ObjectMapper json, String response) throws JsonProcessingException {
        Map<String, Object> answer = json.readValue(response, JSON_OBJECT);
        Map<String, Map<String, Object>> byReference = new HashMap<>();
        for (Object one : (List<Object>) answer.getOrDefault("compositeResponse", List.of())) {
            Map<String, Object> sub = (Map<String, Object>) one;
            byReference.put(String.valueOf(sub.get("referenceId")), sub);
        }
        List<Answer> answers = new ArrayList<>(subrequests.size());
        for (Subrequest sub : subrequests) {
            Map<String, Object> found = byReference.get(sub.referenceId());
            if (found == null) {
                throw new IllegalStateException("Salesforce's Composite answer has no subrequest " + sub.referenceId());
            }
            answers.add(new Answer(sub, ((Number) found.get("httpStatusCode")).intValue(), found.get("body")));
        }
        return answers;
    }

    /** The first error of a failed subrequest's body ({@code [{errorCode, message}]}). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> firstError(Object body) {
        if (body instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?> error) {
            return (Map<String, Object>) error;
        }
        return Map.of("errorCode", "UNKNOWN", "message", "Salesforce gave no reason");
    }
}
